"""Generated SDKs for the scenario suite, built with `docgen build` as a user runs it.

The seeds' SDK (package ``seed_sdk``) is built with `docgen build` into a temporary folder per
session (under a second). The v1.0 corpus SDK (``corpus_sdk``) is generated into a fixed folder
under the system temp dir, next to its own parse cache, and reused until docgen's code, its
templates or the corpus change; a file lock keeps parallel test workers from building it twice.
"""

from __future__ import annotations

import fcntl
import hashlib
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


def _fingerprint(pages: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for folder in (ROOT / "docgen", ROOT / "templates"):
        for f in sorted(folder.rglob("*")):
            if f.is_file() and f.suffix in (".py", ".jinja"):
                h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    for name, data in pages:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def corpus_sdk() -> Path | None:
    """The folder holding ``corpus_sdk`` (built from the v1.0 corpus), or None without the corpus.

    Generated in-process without black (the formatting is most of a cold build and changes no
    behaviour; benchmarks/sdk.py type-checks a formatted `docgen build`), into a folder reused
    until docgen's code, its templates or the corpus change."""
    if not CORPUS.is_dir():
        return None
    from docgen.generate.build import Options, generate
    from docgen.generate.write import write_tree
    from docgen.pipeline import build_document, read_specs_and_includes

    CORPUS_HOME.mkdir(parents=True, exist_ok=True)
    out = CORPUS_HOME / "scenario-sdk"
    stamp = CORPUS_HOME / "scenario-sdk.stamp"
    with open(CORPUS_HOME / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # pages named from the corpus folder (``api/user-get.md``), as a build of a project outside it
        pages, includes = read_specs_and_includes([CORPUS], root=CORPUS_HOME)
        fp = _fingerprint(pages)
        if not (stamp.is_file() and stamp.read_text() == fp and out.is_dir()):
            doc = build_document(pages, cache_dir=CORPUS_HOME / ".docgen-cache", jobs=2, includes=includes)
            write_tree(out, generate(doc, Options(package="corpus_sdk")))
            stamp.write_text(fp)
    return out
