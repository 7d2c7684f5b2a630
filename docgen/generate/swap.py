"""Replacing a folder so that it is, at every instant, the complete old tree or the complete new one.

The new tree is written into ``.NAME.new-XXXX`` beside the output ``NAME``, then the two folders
trade places in one atomic ``renameat2(RENAME_EXCHANGE)`` (Linux 3.15+, on the usual local
filesystems); the old tree, now under the temporary name, is deleted. Where the exchange is not
available the swap falls back to two renames (output -> ``.NAME.old-PID``, new -> output): between
them the output is missing for an instant, and a build killed there is repaired by the next build,
which puts the old tree back before doing anything else.

Builds into one folder are exclusive: the swap holds an ``flock`` on the output's parent folder
(no lock file is left behind). A second build waits for it, saying so, and gives up with an error
after ``timeout`` seconds. The holder of the lock first removes what killed builds left behind
(``.NAME.new-*`` folders, and ``.NAME.old-*`` folders once the output is in place).

:func:`_fail_point` is called between the steps; tests make it raise or kill the process there.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class LockTimeout(Exception):
    """Another build held the output folder's lock for longer than the timeout."""


def _fail_point(step: str) -> None:
    """Called after each step of :func:`replace_tree` (``created``, ``written``, ``swapped``, ``removed``)."""


def _renameat2() -> Callable[..., int] | None:
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn  # type: ignore[no-any-return]


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap the folders ``a`` and ``b``; False when the system cannot (nothing changed)."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextmanager
def folder_lock(folder: Path, *, timeout: float, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` (waiting up to ``timeout`` seconds for it)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited and on_wait is not None:
                    on_wait()
                waited = True
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{folder}: another docgen build is writing here; gave up after {timeout:g}s"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def leftovers(output: Path) -> tuple[list[Path], list[Path]]:
    """The ``.NAME.new-*`` and ``.NAME.old-*`` folders beside ``output`` (oldest first)."""
    new: list[Path] = []
    old: list[Path] = []
    try:
        entries = sorted(output.parent.iterdir(), key=_mtime)
    except FileNotFoundError:
        return new, old
    for p in entries:
        if p.name.startswith(f".{output.name}.new-") and p.is_dir() and not p.is_symlink():
            new.append(p)
        elif p.name.startswith(f".{output.name}.old-") and p.is_dir() and not p.is_symlink():
            old.append(p)
    return new, old


def _mtime(p: Path) -> float:
    try:
        return p.lstat().st_mtime
    except OSError:
        return 0.0


def recover(output: Path) -> None:
    """Repair what a killed build left (call with the lock held): put a lost output back, drop temporaries."""
    new, old = leftovers(output)
    if old and not os.path.lexists(output):
        os.replace(old.pop(), output)  # the newest old tree is the last complete output
    for p in new + old:
        shutil.rmtree(p, ignore_errors=True)


def replace_tree(output: Path, fill: Callable[[Path], None], *, timeout: float = 600.0,
                 on_wait: Callable[[], None] | None = None) -> None:
    """Replace the folder ``output`` with the tree ``fill(folder)`` writes into an empty folder."""
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(parent, timeout=timeout, on_wait=on_wait):
        recover(output)
        tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=parent))
        try:
            _normal_mode(tmp)
            _fail_point("created")
            fill(tmp)
            _fail_point("written")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)  # the half-written new tree; output untouched
            raise
        if not os.path.lexists(output):
            os.replace(tmp, output)
            _fail_point("swapped")
            return
        if not exchange(tmp, output):
            old = parent / f".{output.name}.old-{os.getpid()}"
            os.replace(output, old)
            try:
                _fail_point("moved-away")
                os.replace(tmp, output)
            except BaseException:
                os.replace(old, output)
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            tmp = old
        _fail_point("swapped")
        shutil.rmtree(tmp, ignore_errors=True)  # the old tree, now under the temporary name
        _fail_point("removed")


def _normal_mode(folder: Path) -> None:
    """``mkdtemp`` makes a 0700 folder; the output gets what a plain ``mkdir`` would (umask applied)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)
