"""Write scenarios/example_export.csv: six weeks of a small company's social inbox, synthetic.

The company is the one of ``scenarios/example_org.csv`` (31 people, Europe/Berlin). The
export has the shape social-inbox and help-desk tools give (one row per inbound
message, their own column names) and is made by a documented process, independent of
orgsim's engine, so that a backtest of orgsim against it means something:

Arrivals
    A Poisson process per channel whose rate is ``per_day`` x the channel's share x its
    weekday weight x its hour-of-day weight (local time), rising by ``TREND_PER_WEEK``.
    Facebook and Twitter carry messages into the evening and the weekend; LinkedIn is a
    weekday office-hours channel. Topics are drawn from fixed shares.
Responses: today's team, a marketing silo
    The four marketing people watch the inbox in office hours (Monday to Friday, 8-17)
    and take messages oldest first, each giving about half of their time to it. A
    message on a marketing topic (campaign, product) is answered by the marketing
    person after a lognormal working time. Any other message is forwarded by e-mail to
    the department that owns the topic, which gets to it after an exponential delay of
    working hours (``FORWARD_HOURS``) and answers it; ``FORWARD_LOST`` of forwarded
    messages are never answered (the e-mail is lost). Answers are recorded as the first
    response, with the responder and their department.

Run ``uv run python scripts/make_example_export.py`` to rewrite the file; the seed is
fixed, so the file is the same on every machine.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

SEED = 20260202
ZONE = ZoneInfo("Europe/Berlin")
START = datetime(2026, 2, 2)  # a Monday; six weeks, all in winter time
WEEKS = 6
PER_DAY = 12.0
TREND_PER_WEEK = 0.03
TOPICS = {
    "support": 0.35,
    "product": 0.2,
    "pricing": 0.12,
    "campaign": 0.1,
    "jobs": 0.08,
    "billing": 0.07,
    "press": 0.04,
    "legal": 0.04,
}
CHANNELS = {"facebook": 0.5, "twitter": 0.3, "linkedin": 0.2}
EVENINGS = [
    1,
    0.5,
    0.3,
    0.2,
    0.2,
    0.4,
    1,
    2,
    3.5,
    4.5,
    5,
    5.5,
    5.5,
    5.5,
    6,
    6.5,
    6,
    5,
    4.5,
    4,
    3.5,
    3,
    2.5,
    1.5,
]
OFFICE = [
    0.1,
    0.1,
    0.1,
    0.1,
    0.1,
    0.2,
    0.5,
    2,
    5,
    6,
    6,
    5.5,
    4.5,
    5.5,
    6,
    5.5,
    4.5,
    3,
    1.5,
    1,
    0.8,
    0.5,
    0.3,
    0.2,
]
PROFILES = {
    "facebook": (EVENINGS, [14.8, 16.6, 16.7, 16.8, 17.1, 9.9, 8.2]),
    "twitter": (EVENINGS, [15, 16, 16, 16, 16, 11, 10]),
    "linkedin": (OFFICE, [1, 1, 1, 1, 0.9, 0.15, 0.15]),
}
MARKETING = ["Maria Schulz", "Jonas Weber", "Lea Fischer", "Paul Wagner"]
MARKETING_TOPICS = {"campaign", "product"}
OWNERS = {  # topic -> (department, the people who answer it)
    "support": ("customer_service", ["Hannah Wolf", "Elias Neumann", "Lina Schwarz", "Emilia Hofmann"]),
    "pricing": ("sales", ["Lukas Hoffmann", "Mia Schäfer"]),
    "jobs": ("hr", ["Sarah Köhler", "Jan Herrmann"]),
    "billing": ("finance", ["Lisa König"]),
    "press": ("communications", ["Laura Schulze", "Tim Maier"]),
    "legal": ("legal", ["Julia Lehmann", "David Schmid"]),
}
WORK_MINUTES = (25.0, 15.0)  # lognormal mean and sd of one answer's effort
TIME_SHARE = 0.5  # of a marketing person's time goes to the inbox
FORWARD_HOURS = 6.0  # mean working hours until the owning department answers
FORWARD_LOST = 0.08
OFFICE_HOURS = (8, 17)
OUT = Path(__file__).parents[1] / "scenarios" / "example_export.csv"


def arrivals(rng: np.random.Generator) -> list[tuple[datetime, str, str]]:
    """Messages of the whole period, in time order: (local time, channel, topic)."""
    found = []
    for hour in range(WEEKS * 7 * 24):
        start = START + timedelta(hours=hour)
        for channel, share in CHANNELS.items():
            diurnal, weekly = PROFILES[channel]
            rate = (
                PER_DAY
                * (1 + TREND_PER_WEEK * hour / (7 * 24))
                * share
                * weekly[start.weekday()]
                / (sum(weekly) / 7)
                * diurnal[start.hour]
                / sum(diurnal)
            )
            for offset in np.sort(rng.random(rng.poisson(rate))):
                found.append((start + timedelta(hours=float(offset)), channel))
    found.sort()
    topics = rng.choice(
        list(TOPICS), size=len(found), p=np.array(list(TOPICS.values())) / sum(TOPICS.values())
    )
    return [(time, channel, str(topic)) for (time, channel), topic in zip(found, topics, strict=True)]


def office_time(time: datetime) -> datetime:
    """The first office minute at or after ``time``."""
    while True:
        opening = time.replace(hour=OFFICE_HOURS[0], minute=0, second=0, microsecond=0)
        closing = time.replace(hour=OFFICE_HOURS[1], minute=0, second=0, microsecond=0)
        if time.weekday() < 5 and time < closing:
            return max(time, opening)
        time = (time + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def after_working(time: datetime, minutes: float) -> datetime:
    """``time`` plus ``minutes`` of office time (work pauses overnight and at weekends)."""
    time = office_time(time)
    while minutes > 0:
        closing = time.replace(hour=OFFICE_HOURS[1], minute=0, second=0, microsecond=0)
        left = (closing - time).total_seconds() / 60.0
        if minutes <= left:
            return time + timedelta(minutes=minutes)
        minutes -= left
        time = office_time(closing)
    return time


def respond(messages: list[tuple[datetime, str, str]], rng: np.random.Generator) -> list[tuple]:
    """Today's team at work on the messages, oldest first: (responded, responder, department) each."""
    free_at = dict.fromkeys(MARKETING, START)
    sigma2 = np.log1p((WORK_MINUTES[1] / WORK_MINUTES[0]) ** 2)
    efforts = rng.lognormal(np.log(WORK_MINUTES[0]) - sigma2 / 2, np.sqrt(sigma2), len(messages))
    responses = []
    for (received, _channel, topic), effort in zip(messages, efforts, strict=True):
        person = min(free_at, key=lambda name: free_at[name])
        start = office_time(max(received, free_at[person]))
        triage = 5.0 / TIME_SHARE
        if topic in MARKETING_TOPICS:
            done = after_working(start, triage + effort / TIME_SHARE)
            free_at[person] = done
            responses.append((done, person, "marketing"))
            continue
        free_at[person] = after_working(start, triage)
        lost = rng.random() < FORWARD_LOST
        delay = rng.exponential(FORWARD_HOURS * 60.0)
        department, people = OWNERS[topic]
        answerer = people[int(rng.integers(len(people)))]
        if lost:
            responses.append((None, "", ""))
        else:
            responses.append((after_working(free_at[person], delay + effort), answerer, department))
    return responses


def main() -> None:
    """Draw the messages and the team's answers; write the CSV with the columns an inbox tool uses."""
    rng = np.random.default_rng(SEED)
    messages = arrivals(rng)
    responses = respond(messages, rng)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Message ID", "Received", "Network", "Tag", "First Response", "Responder", "Team"])
        for number, ((received, channel, topic), (done, who, team)) in enumerate(
            zip(messages, responses, strict=True), start=1
        ):
            writer.writerow(
                [
                    f"M{number:05d}",
                    received.replace(tzinfo=ZONE).isoformat(timespec="seconds"),
                    channel,
                    topic,
                    done.replace(tzinfo=ZONE).isoformat(timespec="seconds") if done else "",
                    who,
                    team,
                ]
            )
    print(f"{OUT.name}: {len(messages)} messages over {WEEKS} weeks")


if __name__ == "__main__":
    main()
