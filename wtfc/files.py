"""Writing the files the command line produces, so a crash never leaves a broken one behind."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: str | os.PathLike, data: bytes) -> None:
    """Put ``data`` at ``path`` all at once: it goes to a temporary file beside it, is flushed to the
    disk, then renamed over the old one. A process killed (or a disk filling up) part-way leaves the
    previous file as it was, never an empty or half-written one."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            os.fchmod(file.fileno(), _mode_for(path))
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permissions the file has now, or, for a new file, those any new file gets (mkstemp's are tighter)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
