"""How customers and employees behave: arrival profiles, patience, availability, answer quality.

Part of the scenario (``inquiries.profiles``, ``inquiries.patience``, ``availability``,
``quality``). Every default here that can change the ranking of the ownership models
is listed, with its source and range, in ``scenarios/assumptions.toml``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

PositiveFinite = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
NonNegativeFinite = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
PositiveShare = Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChannelProfile(_Part):
    """When one channel's messages arrive: relative weights by local hour and by weekday.

    A profile left out falls back to ``inquiries.diurnal`` / ``inquiries.weekly``
    (flat when those are unset). Weights are relative; only their shape matters.
    """

    diurnal: Annotated[list[NonNegativeFinite], Field(min_length=24, max_length=24)] | None = None
    weekly: Annotated[list[NonNegativeFinite], Field(min_length=7, max_length=7)] | None = None


class Patience(_Part):
    """Each customer's own patience: how long after posting they still want the answer.

    The default lognormal is fitted to the cumulative survey figures (23.7 % want an
    immediate reply, read as within 5 minutes; 49.8 % within 1 h; 79.2 % within a day).
    ``fixed`` gives everyone ``median_minutes``. It feeds
    ``answered_within_patience_share``; the contract's answered/lost split keeps
    ``patience_hours`` as the deadline.
    """

    distribution: Literal["lognormal", "fixed"] = "lognormal"
    median_minutes: PositiveFinite = 66.0
    sigma: NonNegativeFinite = 3.71


class Availability(_Part):
    """The share of their shift people give to social-media work; the rest goes to other duties.

    A task's clock time is its effort divided by the holder's share, so an inquiry
    waiting for a busy person waits for the part of their time they can give. At 1
    everywhere the engine is the plain queue of the validation cases.
    """

    team_other_duties_share: Share = Field(
        default=0.65, description="share of social-media team members who have other duties too"
    )
    other_duties_time: Share = Field(
        default=0.5, description="share of their shift those members spend on the other duties"
    )
    others: PositiveShare = Field(
        default=0.25, description="share of shift everyone outside the team gives to social media"
    )
    roles: dict[str, PositiveShare] = Field(
        default_factory=dict,
        description="role (staff, manager, head, executive) -> its share, before departments",
    )
    departments: dict[str, PositiveShare] = Field(
        default_factory=dict, description="department -> its share, instead of `others`"
    )

    @property
    def team(self) -> float:
        """Mean share a team member gives: 1 less the other duties of those who have them."""
        return max(1.0 - self.team_other_duties_share * self.other_duties_time, 1e-3)


class Quality(_Part):
    """How often an answer is wrong or off-message, what review catches and what errors cost."""

    error_expert: Share = Field(default=0.02, description="chance a topic expert's answer is wrong")
    error_trained: Share = Field(
        default=0.04, description="chance a trained non-expert's (playbook) answer is wrong"
    )
    error_untrained: Share = Field(
        default=0.15, description="chance an answer by someone neither expert nor trained is wrong"
    )
    review_catch: Share = Field(default=0.7, description="share of wrong answers an approval catches")
    rework_minutes: NonNegativeFinite = Field(
        default=30.0, description="rewriting a wrong answer caught in approval (delays it)"
    )
    correction_minutes: NonNegativeFinite = Field(
        default=60.0, description="handling a published wrong answer: correction, apology, follow-up"
    )
