"""Atomic file writing: every report, export and cache file is written to a temporary
file in the same folder and renamed over the target on success, so a reader (or a
rerun after Ctrl-C) never sees a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import OutputError


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO]:
    """Open a temporary file next to ``path`` and rename it over ``path`` on success.

    Readers never see a partial file; on any error the temporary file is removed.
    ``mode`` is "w" (UTF-8 text, LF line ends) or "wb".
    """
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p}: is a directory", "give a file path for the output")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.exists():
        raise OutputError(f"{p}: folder {parent} does not exist", "create it first or choose another path")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"{p}: cannot write ({exc.strerror or exc})", "choose a writable path") from None
    try:
        if "b" in mode:
            fh = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with fh:
            yield fh
        # mkstemp creates 0600; give the file the mode a plain open() would have
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
    except OSError as exc:
        _unlink(tmp)
        raise OutputError(f"{p}: cannot write ({exc.strerror or exc})", "choose a writable path") from None
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write via a temporary file in the same folder, then rename (no partial files)."""
    with atomic_open(path) as fh:
        fh.write(text)
