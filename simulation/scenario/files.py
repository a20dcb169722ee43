"""Reading an input file safely: regular files only, bounded in size, decoded as UTF-8.

Every file a user names (scenario and sweep TOML, organisation CSV or GraphML, design
CSV) is read through :func:`read_input`, so none of them can hang the program (a FIFO
or a device blocks forever on ``open``), exhaust memory before parsing (a file larger
than the parsers need), or end in a traceback (``UnicodeDecodeError``). Errors are
:class:`ScenarioError` naming the field that gave the path.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from simulation.core.errors import ScenarioError

MEGABYTE = 1024 * 1024


def read_input(path: str | Path, field: str, limit: int, hint: str, text: bool = True) -> str | bytes:
    """The contents of ``path``: text (UTF-8, a leading byte-order mark dropped) or bytes.

    Args:
        path: the file the user named.
        field: the field or option that named it (``""`` for the file itself).
        limit: largest size accepted, in bytes.
        hint: what to give instead, e.g. ``"give the path of a .toml scenario"``.
        text: decode as UTF-8 (default), or return the bytes.

    Raises:
        ScenarioError: missing, a directory, not a regular file, larger than ``limit``,
            unreadable, or (text) not UTF-8.

    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ScenarioError(field, f"{path}: no such file; {hint}") from None
    except IsADirectoryError:
        raise ScenarioError(field, f"{path}: is a directory; {hint}") from None
    except OSError as error:
        raise ScenarioError(field, f"{path}: cannot be read ({error.strerror or error}); {hint}") from None
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise ScenarioError(field, f"{path}: is a directory; {hint}")
        if not stat.S_ISREG(status.st_mode):
            raise ScenarioError(field, f"{path}: is not a regular file (a pipe or a device); {hint}")
        if status.st_size > limit:
            raise ScenarioError(
                field, f"{path}: is {_size(status.st_size)}, larger than the {_size(limit)} accepted; {hint}"
            )
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise ScenarioError(field, f"{path}: cannot be read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew since fstat
        raise ScenarioError(field, f"{path}: is larger than the {_size(limit)} accepted; {hint}")
    if not text:
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            field, f"{path}: cannot be read (not UTF-8: byte {error.start + 1}); save it as UTF-8"
        ) from None


def _size(count: int) -> str:
    if count >= MEGABYTE:
        return f"{count / MEGABYTE:,.0f} MB"
    return f"{count:,} bytes"
