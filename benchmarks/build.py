"""Benchmark `docgen build` on the Graph v1.0 corpus and print the figures.

    python benchmarks/build.py [--corpus ../shared/corpus/graph-v1.0/docs] [--jobs 2] [--keep DIR]
                               [--skip-black] [--one-doc-runs 3]

Copies the corpus's api/ and resources/ pages into a temporary project (never into this repo) and
measures, each with `docgen build` as a user runs it:

* cold build (empty cache) vs black alone on the same (unformatted) output, same worker count;
* no-op rebuild; rebuild after editing one page (``--one-doc-runs`` times, a new title each time so
  the changed files always miss the black cache; min / median / max);
* `import <package>` time of the generated package (fresh interpreter, best of 5);
* share of generated .py files that compile, and ``mypy --strict`` on the generated package;
* the generated example tests: pass / xfail / fail / xpass counts.

Each `docgen build` is also given its CPU time (user + system, worker processes included): on a
shared machine it varies much less than the wall time.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "graph-v1.0" / "docs"


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    elapsed, _, proc = run_timed(cmd, cwd, env)
    return elapsed, proc


def run_timed(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """(wall seconds, CPU seconds of the command and its children, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stdout + proc.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, proc


def _last_line(proc: subprocess.CompletedProcess[str]) -> str:
    return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""


def _spread(values: list[float]) -> str:
    v = sorted(values)
    return f"{v[0]:.2f} / {v[len(v) // 2]:.2f} / {v[-1]:.2f}"


def black_alone(project: Path, jobs: int) -> tuple[float, int]:
    """black (same mode, same pool size, no cache) on the unformatted files the build renders."""
    code = f"""
import sys, time, os
os.chdir({str(project)!r})
from docgen.pipeline import build_document, read_specs
from docgen.generate.build import generate, Options
from docgen.generate.fmt import Formatter
doc = build_document(read_specs(["docs"]), cache_dir=None, jobs={jobs})
files = generate(doc, Options())
t = time.perf_counter()
Formatter(None, {jobs}).format_all(files)
print(time.perf_counter() - t, sum(len(v) for v in files.values()))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, size = proc.stdout.split()
    return float(seconds), int(size)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", type=Path, help="Build here (kept) instead of a temporary folder.")
    ap.add_argument("--skip-black", action="store_true", help="Do not measure black alone (saves minutes).")
    ap.add_argument("--one-doc-runs", type=int, default=3, help="One-page rebuilds to time (default 3).")
    args = ap.parse_args()
    if not (args.corpus / "api").is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="docgen-bench-")) if args.keep is None else args.keep
    project = tmp / "project"
    if project.exists():
        shutil.rmtree(project)
    (project / "docs").mkdir(parents=True)
    for sub in ("api", "resources"):
        shutil.copytree(args.corpus / sub, project / "docs" / sub)
    (project / "pyproject.toml").write_text(
        f'[tool.docgen]\nspecs = "docs"\noutput = "generated"\npackage = "graph_sdk"\njobs = {args.jobs}\n'
    )
    docgen = ["docgen"]
    print(f"corpus: {args.corpus} ({sum(1 for _ in (project / 'docs').rglob('*.md'))} pages), jobs={args.jobs}, project: {project}")

    cold, cold_cpu, proc = run_timed([*docgen, "build"], project)
    assert proc.returncode == 0, proc.stderr
    out = project / "generated"
    py_files = sorted(out.rglob("*.py"))
    size = sum(f.stat().st_size for f in py_files)
    print(f"cold build:            {cold:7.2f} s   cpu {cold_cpu:.2f} s ({len(py_files)} .py files, {size / 1e6:.1f} MB)   [docgen build]")

    if not args.skip_black:
        black_s, _ = black_alone(project, args.jobs)
        print(f"black alone:           {black_s:7.2f} s   (same files, same mode, {args.jobs} workers)  -> cold/black = {cold / black_s:.2f}")

    noop, noop_cpu, proc = run_timed([*docgen, "build"], project)
    print(f"no-op rebuild:         {noop:7.2f} s   cpu {noop_cpu:.2f} s [{_last_line(proc)}]")

    page = project / "docs" / "api" / "user-get.md"
    text = page.read_text(encoding="utf-8")
    walls, cpus = [], []
    for i in range(max(args.one_doc_runs, 1)):
        # the title shows in the output; a new one each time, so black always has work to do
        edited = re.sub(r"^# (.+)$", rf"# \1 (edited {i + 1})", text, count=1, flags=re.M)
        assert edited != text
        page.write_text(edited, encoding="utf-8")
        one, one_cpu, proc = run_timed([*docgen, "build"], project)
        assert proc.returncode == 0 and re.search(r" [1-9][0-9]* changed", _last_line(proc)), proc.stderr
        walls.append(one)
        cpus.append(one_cpu)
    median = sorted(walls)[len(walls) // 2]
    print(f"one-doc rebuild:       {median:7.2f} s   (median of {len(walls)}; min / median / max {_spread(walls)} s, "
          f"cpu {_spread(cpus)} s) [{_last_line(proc)}]")

    imports = []
    for _ in range(5):
        code = "import time; t = time.perf_counter(); import graph_sdk; print(time.perf_counter() - t)"
        p = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=True)
        imports.append(float(p.stdout))
    client_imports = []
    for _ in range(3):
        code = ("import time; t = time.perf_counter(); from graph_sdk import GraphClient, models; "
                "models.User; print(time.perf_counter() - t)")
        p = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=True)
        client_imports.append(float(p.stdout))
    print(f"import graph_sdk:      {min(imports):7.3f} s   (best of 5); GraphClient + models.User: {min(client_imports):.3f} s")

    ok = 0
    for f in py_files:
        try:
            compile(f.read_text(encoding="utf-8"), str(f), "exec")
            ok += 1
        except SyntaxError as e:
            print(f"  does not compile: {f.relative_to(out)}: {e}")
    print(f"compile:               {ok}/{len(py_files)} generated .py files compile ({100 * ok / max(len(py_files), 1):.1f}%)")

    t, proc = run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "graph_sdk"], out)
    last = (proc.stdout.strip().splitlines() or [proc.stderr.strip()])[-1]
    print(f"mypy --strict:         {last} ({t:.0f} s)")

    t, proc = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", str(args.jobs), "tests"], out)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr
    counts = {k: int(v) for v, k in re.findall(r"(\d+) (passed|failed|xfailed|xpassed|error|errors)", summary)}
    total = sum(counts.values())
    passed = counts.get("passed", 0)
    print(
        f"example tests:         {passed} passed, {counts.get('xfailed', 0)} xfailed, {counts.get('failed', 0)} failed, "
        f"{counts.get('xpassed', 0)} xpassed, {counts.get('error', 0) + counts.get('errors', 0)} errors of {total} "
        f"-> {100 * passed / max(total, 1):.1f}% pass ({t:.0f} s)"
    )
    if args.keep is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
