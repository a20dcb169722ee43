"""Errors that reach the user as one line naming the field and the fix."""


class ScenarioError(ValueError):
    """A scenario, sweep or override is invalid.

    Attributes:
        field: dotted path of the offending field (``inquiries.per_day``), or ``""``
            when the problem concerns the whole file.
        message: what is wrong and what is allowed.

    """

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)
