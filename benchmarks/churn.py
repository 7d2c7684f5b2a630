"""Churn of the generated SDK over a real docs release window: how many generated files a docs
release changes, for the SDK team reading the regeneration's pull request.

    python benchmarks/churn.py [--old DIR] [--new DIR] [--jobs N] [--drop PAGE]

Builds the SDK of each side (default: ``../shared/corpus/graph-v1.0-2021-01/docs`` and
``../shared/corpus/graph-v1.0/docs``, the 2021-01 -> 2021-07 window) in a temporary project and
prints, for the package and for the generated tests, how many files are unchanged, changed, added
and removed, and how many changed lines the diff of the two trees has. Then the same for one page
removed from the newer side (``--drop``, default ``api/user-get.md``: the smallest docs release).
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def build(docs: Path, where: Path, jobs: int) -> Path:
    project = where
    (project / "docs").mkdir(parents=True)
    for sub in ("api", "resources", "includes"):
        if (docs / sub).is_dir():
            shutil.copytree(docs / sub, project / "docs" / sub)
    (project / "pyproject.toml").write_text(
        f'[tool.docgen]\nspecs = "docs"\noutput = "generated"\npackage = "graph_sdk"\njobs = {jobs}\n', encoding="utf-8"
    )
    t = time.perf_counter()
    proc = subprocess.run(["docgen", "build"], cwd=project, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"docgen build failed for {docs}:\n{proc.stderr[-2000:]}")
    print(f"built {docs} in {time.perf_counter() - t:.1f} s", flush=True)
    return project / "generated"


def tree(root: Path) -> dict[str, bytes]:
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            p = Path(dirpath) / f
            rel = p.relative_to(root).as_posix()
            if "__pycache__" in rel or rel == ".docgen-output":
                continue
            out[rel] = p.read_bytes()
    return out


def compare(old: dict[str, bytes], new: dict[str, bytes], part: str) -> None:
    names = sorted(n for n in old.keys() | new.keys() if (n.startswith("tests/") == (part == "tests")))
    same = changed = added = removed = lines = 0
    for n in names:
        a, b = old.get(n), new.get(n)
        if a is None:
            added += 1
            lines += b.count(b"\n")  # type: ignore[union-attr]
        elif b is None:
            removed += 1
            lines += a.count(b"\n")
        elif a == b:
            same += 1
        else:
            changed += 1
            diff = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=0)
            lines += sum(1 for d in diff if d[:1] in "+-" and not d.startswith(("+++", "---")))
    total = len(names)
    print(f"{part:8} files: {total:5d}  unchanged {same:5d}  changed {changed:5d}  added {added:4d}  removed {removed:4d}"
          f"  ({100 * (changed + added + removed) / max(total, 1):.1f}% touched); diff lines {lines:,}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", type=Path, default=CORPUS / "graph-v1.0-2021-01" / "docs")
    ap.add_argument("--new", type=Path, default=CORPUS / "graph-v1.0" / "docs")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--drop", default="api/user-get.md", help="page of the newer side removed for the one-page measure")
    args = ap.parse_args()
    for side in (args.old, args.new):
        if not (side / "api").is_dir():
            print(f"corpus not found: {side}", file=sys.stderr)
            return 2
    tmp = Path(tempfile.mkdtemp(prefix="docgen-churn-"))
    try:
        old = tree(build(args.old, tmp / "old", args.jobs))
        new = tree(build(args.new, tmp / "new", args.jobs))
        print(f"window: {args.old} -> {args.new}")
        compare(old, new, "package")
        compare(old, new, "tests")
        (tmp / "new" / "docs" / args.drop).unlink()
        proc = subprocess.run(["docgen", "build"], cwd=tmp / "new", capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"docgen build failed without {args.drop}:\n{proc.stderr[-2000:]}")
        dropped = tree(tmp / "new" / "generated")
        print(f"one page removed ({args.drop}) from the newer side:")
        compare(new, dropped, "package")
        compare(new, dropped, "tests")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
