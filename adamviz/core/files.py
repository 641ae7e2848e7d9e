"""Writing files so that a failure leaves nothing half-written.

Everything adamviz writes goes to a temporary file beside the target and is
renamed over it only when complete; an error removes the temporary file and
comes back as one clear message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
"""Read once at import (reading it means setting it, which is not thread-safe)."""


class WriteError(Exception):
    """The file could not be written; the message says why, and no partial file is left."""


def describe_os_error(path: Path, exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.EISDIR: "it is a folder",
        errno.ENOENT: "the folder does not exist",
        errno.ENAMETOOLONG: "the name is too long",
    }
    return f"cannot write {path}: {reasons.get(exc.errno, exc.strerror or str(exc))}"


def check_target(path: Path) -> None:
    """Fail early, before any work, for targets that cannot possibly be written.

    Besides the obvious (a folder, a missing folder), a probe file is created
    and removed in the folder: that is the only test that holds for every
    user (root included) and every file system (read-only mounts, /proc).
    """
    path = Path(path)
    if path.is_dir():
        raise WriteError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise WriteError(f"cannot write {path}: {folder} is not a folder")
        raise WriteError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteError(f"cannot write {path}: permission denied")
    try:
        handle, name = tempfile.mkstemp(prefix=".adamviz-probe-", dir=folder)
    except OSError as exc:
        if exc.errno == errno.ENOENT:  # the folder exists, yet nothing can be created in it
            raise WriteError(f"cannot write {path}: files cannot be created in {folder}") from None
        raise WriteError(describe_os_error(path, exc)) from None
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(name)


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary_path)``, then rename the result to ``path``.

    The temporary file keeps ``path``'s suffix, so writers that pick a format
    from the extension (Qt, imageio) still do the right thing.
    """
    path = Path(path)
    check_target(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".part{path.suffix}", dir=path.parent)
    except OSError as exc:
        raise WriteError(describe_os_error(path, exc)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        if not temporary.exists() or temporary.stat().st_size == 0:
            raise WriteError(f"cannot write {path}: nothing was produced")
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes 0600; a finished file gets the usual mode
        os.replace(temporary, path)
    except OSError as exc:
        raise WriteError(describe_os_error(path, exc)) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
