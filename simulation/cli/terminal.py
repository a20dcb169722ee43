"""The CLI's messages: everything but results goes to stderr, verbatim (no rich markup), one line each.

Messages quote what the user gave (names, keys, paths), so they are made harmless
first: control and format characters (a newline, a terminal escape sequence, a
right-to-left override) are written as Python escapes, and a message longer than
:data:`MAX_MESSAGE` characters is cut, so an error stays one readable line.
The rich console is made on first use: ``models`` and ``validate`` print without it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

MAX_MESSAGE = 2000


@cache
def stderr_console() -> Console:
    """The one rich console on stderr (progress bars and messages share it)."""
    from rich.console import Console

    return Console(stderr=True)


def visible(text: str) -> str:
    """``text`` with control and format characters written as escapes (a newline as a backslash and n)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def say(message: str) -> None:
    """Print one message on stderr as written (file paths with [brackets] stay intact)."""
    text = visible(message)
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 30] + f" … ({len(text) - MAX_MESSAGE + 30:,} more characters)"
    stderr_console().print(text, markup=False, highlight=False, soft_wrap=True)
