"""Speed benchmark: docgen's parse of the Graph v1.0 reference vs markdown-it tokenization alone.

    python benchmarks/speed.py [--corpus DIR] [--runs N] [--jobs N] [--json FILE]

(a) markdown-it: find the files, read and decode each (as docgen does) and
    ``MarkdownIt("commonmark").enable("table").parse(text)`` (block and inline tokens);
(b) docgen, one process: ``parse_paths([docs], jobs=1)`` and ``dumps`` of the IR to JSON;
(c) docgen, all cores: the same with ``jobs=os.cpu_count()`` (or --jobs).
Each is timed best of N runs (default 3). The goal is (b)/(a) <= 1.3.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

GOAL = 1.3


def tokenize_all(docs: Path) -> int:
    from markdown_it import MarkdownIt

    from docgen.parse.source import decode
    from docgen.pipeline import find_specs

    md = MarkdownIt("commonmark").enable("table")
    tokens = 0
    for f in find_specs([docs]):
        text = decode(f.read_bytes()) or ""
        tokens += len(md.parse(text))
    return tokens


def docgen_all(docs: Path, jobs: int) -> int:
    from docgen.ir.serialize import dumps
    from docgen.pipeline import parse_paths

    doc = parse_paths([docs], jobs=jobs)
    return len(dumps(doc))


def best_of(runs: int, fn, *args) -> tuple[float, list[float], object]:
    times, result = [], None
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times), times, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "graph-v1.0")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the best is kept (default 3)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for (c) (default: all cores)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    args = ap.parse_args(argv)
    docs = args.corpus.resolve() / "docs"
    if not docs.is_dir():
        print(f"speed: corpus not found at {args.corpus.resolve()} (needs docs/); pass --corpus DIR", file=sys.stderr)
        return 2
    # warm the imports and the OS file cache so no measurement pays for them
    from docgen.pipeline import find_specs

    files = find_specs([docs])
    for f in files:
        f.read_bytes()
    import markdown_it  # noqa: F401

    import docgen.ir.serialize  # noqa: F401

    a, a_all, tokens = best_of(args.runs, tokenize_all, docs)
    b, b_all, size = best_of(args.runs, docgen_all, docs, 1)
    c, c_all, _ = best_of(args.runs, docgen_all, docs, args.jobs)
    fig = {
        "files": len(files),
        "runs": args.runs,
        "jobs_c": args.jobs,
        "cpu_count": os.cpu_count(),
        "markdown_it_seconds": a,
        "docgen_jobs1_seconds": b,
        "docgen_all_cores_seconds": c,
        "all_runs": {"a": a_all, "b": b_all, "c": c_all},
        "ratio_b_a": b / a,
        "ratio_c_a": c / a,
        "goal_b_a": GOAL,
        "markdown_it_tokens": tokens,
        "ir_json_chars": size,
    }
    print(f"{len(files)} files, best of {args.runs} runs each ({os.cpu_count()} cores)")
    print(f"  (a) markdown-it tokenization (read + parse)     {a:7.2f} s   runs: {', '.join(f'{x:.2f}' for x in a_all)}")
    print(f"  (b) docgen parse + dumps, jobs=1               {b:7.2f} s   runs: {', '.join(f'{x:.2f}' for x in b_all)}")
    print(f"  (c) docgen parse + dumps, jobs={args.jobs:<2d}              {c:7.2f} s   runs: {', '.join(f'{x:.2f}' for x in c_all)}")
    print(f"  (b)/(a) = {b / a:.2f}   (goal <= {GOAL}: {'ok' if b / a <= GOAL else 'MISS'})")
    print(f"  (c)/(a) = {c / a:.2f}")
    print(f"  markdown-it tokens: {tokens}; IR JSON: {size} characters")
    if args.json:
        args.json.write_text(json.dumps(fig, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
