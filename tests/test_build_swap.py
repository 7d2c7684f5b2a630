"""The output folder is the complete old tree or the complete new tree at every instant.

Failures are injected at every step of the swap (an exception, or the process killed there) with
the atomic exchange and with the two-rename fallback; the tree is then compared by hash with the
old and the new one, and the next build must clean up. Concurrent builds are serialised by a lock.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from docgen.generate import swap
from docgen.generate.swap import LockTimeout, folder_lock
from docgen.generate.write import write_tree

OLD = {"a.py": "old a\n", "pkg/b.py": "old b\n", "gone.py": "old only\n"}
NEW = {"a.py": "new a\n", "pkg/b.py": "old b\n", "pkg/c.py": "new c\n"}
STEPS = ["created", "written", "moved-away", "swapped", "removed"]


def tree_hash(root: Path) -> str | None:
    if not root.is_dir():
        return None
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def expected_hash(tmp_path: Path, files: dict[str, str]) -> str | None:
    ref = tmp_path / f"ref-{len(list(tmp_path.iterdir()))}"
    for name, text in files.items():
        (ref / name).parent.mkdir(parents=True, exist_ok=True)
        (ref / name).write_text(text)
    return tree_hash(ref)


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".out."))


class Boom(Exception):
    pass


# the exchange has no "moved-away" step; the fallback is what runs where renameat2 is missing
CASES = [("exchange", s) for s in STEPS if s != "moved-away"] + [("two-renames", s) for s in STEPS]


def _use(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if mode == "two-renames":
        monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    else:
        assert swap._RENAMEAT2 is not None, "renameat2 missing: the atomic exchange is not in use"


def test_the_atomic_exchange_is_what_runs_here(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    assert swap.exchange(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b" / "x").read_text() == "a" and not (tmp_path / "a" / "x").exists()


@pytest.mark.parametrize("mode, step", CASES)
def test_a_failure_at_any_step_leaves_old_or_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, step: str) -> None:
    _use(mode, monkeypatch)
    parent = tmp_path / "p"
    parent.mkdir()
    out = parent / "out"
    write_tree(out, OLD)
    old_h, new_h = expected_hash(tmp_path, OLD), expected_hash(tmp_path, NEW)

    def fail(at: str) -> None:
        if at == step:
            raise Boom(at)

    monkeypatch.setattr(swap, "_fail_point", fail)
    try:
        write_tree(out, NEW, same=["pkg/b.py"])
    except Boom:
        pass
    got = tree_hash(out)
    assert got in (old_h, new_h)
    if step in ("created", "written", "moved-away"):
        assert got == old_h and leftovers(parent) == []  # the failing build cleaned up after itself
    monkeypatch.setattr(swap, "_fail_point", lambda at: None)
    write_tree(out, NEW)
    assert tree_hash(out) == new_h and leftovers(parent) == []


_KILLER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from docgen.generate import swap
    from docgen.generate.write import write_tree
    step, out, fallback = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
    if fallback:
        swap.exchange = lambda a, b: False
    def die(at):
        if at == step:
            os._exit(137)  # as SIGKILL would: no finally, no cleanup
    swap._fail_point = die
    write_tree(out, {"a.py": "new a\\n", "pkg/b.py": "old b\\n", "pkg/c.py": "new c\\n"})
    """
)


@pytest.mark.parametrize("mode, step", CASES)
def test_a_build_killed_at_any_step_is_repaired_by_the_next(tmp_path: Path, mode: str, step: str) -> None:
    parent = tmp_path / "p"
    parent.mkdir()
    out = parent / "out"
    write_tree(out, OLD)
    old_h, new_h = expected_hash(tmp_path, OLD), expected_hash(tmp_path, NEW)
    fallback = "1" if mode == "two-renames" else "0"
    proc = subprocess.run([sys.executable, "-c", _KILLER, step, str(out), fallback], capture_output=True, text=True)
    assert proc.returncode == 137, proc.stderr
    state = tree_hash(out)
    if mode == "two-renames" and step == "moved-away":
        assert state is None  # the one instant the fallback cannot cover: the old tree waits aside
    else:
        assert state in (old_h, new_h)
    write_tree(out, OLD)  # the next build repairs and cleans up before writing
    assert tree_hash(out) == old_h and leftovers(parent) == []


def test_recover_puts_a_lost_output_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD)
    os.replace(out, tmp_path / ".out.old-999")  # a fallback swap killed between its renames
    (tmp_path / ".out.new-abc").mkdir()
    swap.recover(out)
    assert tree_hash(out) == expected_hash(tmp_path, OLD)
    assert leftovers(tmp_path) == []


def test_output_folders_get_normal_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_tree(tmp_path / "out", {"pkg/a.py": "x\n"})
    finally:
        os.umask(old)
    for p in (tmp_path / "out", tmp_path / "out" / "pkg"):
        assert stat.S_IMODE(p.stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "out" / "pkg" / "a.py").stat().st_mode) == 0o644


def test_a_second_build_waits_for_the_lock_then_fails_clearly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, OLD)
    waited: list[bool] = []
    with folder_lock(tmp_path, timeout=1):
        with pytest.raises(LockTimeout, match="another docgen build"):
            write_tree(out, NEW, lock_timeout=0.3, on_wait=lambda: waited.append(True))
    assert waited == [True] and tree_hash(out) == expected_hash(tmp_path, OLD)
    # released: a waiting build goes on
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with folder_lock(tmp_path, timeout=1):
            held.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    write_tree(out, NEW, lock_timeout=5)
    t.join()
    assert time.monotonic() - started >= 0.25
    assert tree_hash(out) == expected_hash(tmp_path, NEW)


def _write_many(args: tuple[str, int]) -> None:
    out, k = args
    files = {f"m{i}.py": f"build {k} file {i}\n" for i in range(40)}
    files["README.md"] = f"build {k}\n"
    write_tree(Path(out), files)


def test_concurrent_builds_never_mix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    trees = {expected_hash(tmp_path, {**{f"m{i}.py": f"build {k} file {i}\n" for i in range(40)}, "README.md": f"build {k}\n"}) for k in range(4)}
    ctx = multiprocessing.get_context("fork")
    for trial in range(6):
        with ctx.Pool(4) as pool:
            pool.map(_write_many, [(str(out), k) for k in range(4)])
        assert tree_hash(out) in trees, f"trial {trial}: a mixed tree"
        assert leftovers(tmp_path) == []
