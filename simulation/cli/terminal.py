"""The CLI's messages: everything but results goes to stderr, verbatim (no rich markup)."""

from rich.console import Console

stderr = Console(stderr=True)


def say(message: str) -> None:
    """Print one message on stderr as written (file paths with [brackets] stay intact)."""
    stderr.print(message, markup=False, highlight=False, soft_wrap=True)
