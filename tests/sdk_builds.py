"""Generated SDKs for the scenario suite, built with `docgen build` as a user runs it.

The seeds' SDK (package ``seed_sdk``) is built into a temporary folder per session (under a
second). The v1.0 corpus SDK (``corpus_sdk``) takes a minute or two cold, so it is built into a
fixed folder under the system temp dir, next to its own ``.docgen-cache``: docgen's no-op fast
path makes later sessions instant until docgen's code changes, and the parse cache survives those
changes. A file lock keeps parallel test workers from building it twice.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "graph-v1.0" / "docs"
CORPUS_HOME = Path(tempfile.gettempdir()) / f"docgen-scenarios-{os.getuid()}"


def docgen_build(specs: Path, out: Path, package: str, cwd: Path) -> None:
    exe = Path(sys.executable).parent / "docgen"
    docgen = str(exe) if exe.exists() else (shutil.which("docgen") or "docgen")
    cmd = [docgen, "build", str(specs), "-o", str(out), "--package", package]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"docgen build failed:\n{proc.stdout}\n{proc.stderr}")


def seed_sdk(tmp: Path) -> Path:
    """The folder holding ``seed_sdk`` (built from specs/)."""
    out = tmp / "seed"
    docgen_build(ROOT / "specs", out, "seed_sdk", tmp)
    return out


def corpus_sdk() -> Path | None:
    """The folder holding ``corpus_sdk`` (built from the v1.0 corpus), or None without the corpus."""
    if not CORPUS.is_dir():
        return None
    CORPUS_HOME.mkdir(parents=True, exist_ok=True)
    out = CORPUS_HOME / "out"
    with open(CORPUS_HOME / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        docgen_build(CORPUS, out, "corpus_sdk", CORPUS_HOME)
    return out
