"""Mutation fuzzing of docgen over the real corpus pages (engine: benchmarks/fuzzlib.py).

    python benchmarks/fuzz.py [--seed 0] [--count 100000] [-j 2] [--limit 2.0] [--mini 50]
    python benchmarks/fuzz.py --replay SEED [--write FILE]     # one mutant, with its traceback
    python benchmarks/fuzz.py --count 0 --mini 50 [--keep DIR]  # mutated mini-corpora only

Each mutant is parsed, linked, serialised, its diagnostics formatted, and the SDK files of it
rendered and compiled (``fuzzlib.exercise``). Prints mutants run, throughput, exceptions grouped by
place (raising frame file:line and exception type, with one reproducer seed each), and the slowest
pages. ``--mini N`` then builds N mini-corpora of about 20 mutated real pages each into SDKs
(``docgen build`` through the library API), compiles every generated file and runs the generated
tests with pytest. Exit status 1 on any exception, page over ``--limit`` seconds, uncompilable file
or failing/erroring generated test; known issues being fixed elsewhere (``fuzzlib.KNOWN``) are
listed apart and do not fail the run unless ``--strict-known``. Exit 2 when there is no corpus.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
import traceback
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fuzzlib  # noqa: E402

_SOURCES: list[fuzzlib.Source] = []
_COMPILE = True
_HARD_LIMIT = 60.0


def _init(roots: list[str], compile_code: bool, hard_limit: float) -> None:
    global _SOURCES, _COMPILE, _HARD_LIMIT
    if not _SOURCES:
        _SOURCES = fuzzlib.load_sources([Path(r) for r in roots])
    _COMPILE, _HARD_LIMIT = compile_code, hard_limit


def _work(seeds: list[int]) -> list[fuzzlib.Outcome]:
    return [fuzzlib.run_one(fuzzlib.mutate(_SOURCES, s), hard_limit=_HARD_LIMIT, compile_code=_COMPILE) for s in seeds]


def _mini_work(args: tuple[int, str | None, int]) -> fuzzlib.MiniResult:
    seed, keep, size = args
    pages = fuzzlib.mini_corpus(_SOURCES, seed, size=size)
    if keep:
        out = Path(keep) / f"mini-{seed}"
        out.mkdir(parents=True, exist_ok=True)
        result = fuzzlib.build_mini(pages, out)
    else:
        with tempfile.TemporaryDirectory(prefix="docgen-mini-") as tmp:
            result = fuzzlib.build_mini(pages, Path(tmp))
    result.seed = seed
    return result


def replay(seed: int, write: str | None, roots: list[str]) -> int:
    _init(roots, True, 0)
    mutant = fuzzlib.mutate(_SOURCES, seed)
    print(mutant.describe())
    print(f"{len(mutant.data)} bytes, parsed as {mutant.name}")
    if write:
        Path(write).write_bytes(mutant.data)
        print(f"written to {write}")
        if mutant.include:
            Path(write + ".include").write_bytes(mutant.include_data)
            print(f"its mutated include {mutant.include} written to {write}.include")
    started = time.perf_counter()
    try:
        fuzzlib.exercise(mutant.name, mutant.data, includes=fuzzlib.mutant_includes(mutant))
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        return 1
    print(f"no exception ({time.perf_counter() - started:.3f} s)")
    return 0


def fuzz(args: argparse.Namespace) -> tuple[int, int]:
    """Run the mutants; returns (failures, known)."""
    seeds = [fuzzlib.mutant_seed(args.seed, i) for i in range(args.count)]
    chunk = 50
    batches = [seeds[i : i + chunk] for i in range(0, len(seeds), chunk)]
    outcomes: list[fuzzlib.Outcome] = []
    started = time.perf_counter()
    last = started
    init = (args.corpus, not args.no_compile, args.hard_limit)
    if args.jobs > 1:
        ctx = multiprocessing.get_context("fork")
        pool = ctx.Pool(args.jobs, initializer=_init, initargs=init)
        results = pool.imap_unordered(_work, batches)
    else:
        pool = None
        results = map(_work, batches)
    try:
        for batch in results:
            outcomes.extend(batch)
            now = time.perf_counter()
            if now - last > 10 and sys.stderr.isatty() or now - last > 60:
                last = now
                print(f"  {len(outcomes)}/{len(seeds)} mutants, {len(outcomes) / (now - started):.0f}/s", file=sys.stderr)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    wall = time.perf_counter() - started

    groups: dict[tuple[str, str], list[fuzzlib.Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.error:
            groups[(o.place or "?", o.error.split(":", 1)[0])].append(o)
    slow = sorted((o for o in outcomes if o.error is None or not o.error.startswith("Hang")), key=lambda o: -o.seconds)
    over = [o for o in outcomes if o.seconds > args.limit]
    errors = sum(len(v) for v in groups.values())
    known = sum(len(v) for v in groups.values() if v[0].known)
    unknown = errors - known
    print(
        f"mutants: {len(outcomes)} (seed {args.seed}) in {wall:.1f} s with -j {args.jobs}: {len(outcomes) / wall:.0f} mutants/s; "
        f"CPU time per mutant: median {_pct(outcomes, 50) * 1000:.1f} ms, p99 {_pct(outcomes, 99) * 1000:.1f} ms"
    )
    print(f"exceptions: {unknown} ({sum(1 for v in groups.values() if not v[0].known)} places); known issues fixed elsewhere: {known}")
    print(f"pages over {args.limit:g} s of CPU time: {len(over)}")
    for (place, exc), items in sorted(groups.items(), key=lambda kv: (bool(kv[1][0].known), -len(kv[1]), kv[0])):
        first = min(items, key=lambda o: (len(o.describe), o.seed))
        tag = f" [known: {first.known}]" if first.known else ""
        print(f"  {place} {exc}{tag}: {len(items)} mutants; {first.error}")
        print(f"      reproduce: python benchmarks/fuzz.py --replay {first.seed}   ({first.describe})")
    print("slowest pages (CPU time):")
    for o in slow[: args.slowest]:
        print(f"  {o.seconds:7.3f} s  {o.describe}")
    failures = unknown + len(over) + (known if args.strict_known else 0)
    return failures, known


def _pct(outcomes: list[fuzzlib.Outcome], p: int) -> float:
    if not outcomes:
        return 0.0
    times = sorted(o.seconds for o in outcomes)
    return times[min(len(times) - 1, len(times) * p // 100)]


def minis(args: argparse.Namespace) -> int:
    seeds = [args.seed * 1000 + i for i in range(args.mini)]
    work = [(s, args.keep, args.mini_pages) for s in seeds]
    started = time.perf_counter()
    init = (args.corpus, True, args.hard_limit)
    if args.jobs > 1:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(args.jobs, initializer=_init, initargs=init, maxtasksperchild=5) as pool:
            results = list(pool.imap(_mini_work, work))
    else:
        _init(*init)
        results = [_mini_work(w) for w in work]
    wall = time.perf_counter() - started
    totals: dict[str, int] = defaultdict(int)
    for r in results:
        for k, v in r.outcomes.items():
            totals[k] += v
    built = sum(1 for r in results if r.build_error is None)
    known_builds = sum(1 for r in results if r.build_known)
    files = sum(r.py_files for r in results)
    bad_compile = sum(len(r.not_compiling) for r in results)
    bad_tests = [(r.seed, t, m, k) for r in results for t, m, k in r.bad]
    unknown = [b for b in bad_tests if b[3] is None]
    print(
        f"mini-corpora: {len(results)} of ~{args.mini_pages} pages (seeds {seeds[0]}..{seeds[-1]}) in {wall:.1f} s; "
        f"built {built}/{len(results)} ({known_builds} failed on known issues fixed elsewhere); "
        f"generated .py files compiling {files - bad_compile}/{files}"
    )
    print(
        "generated tests: "
        + ", ".join(f"{totals[k]} {k}" for k in ("passed", "xfailed", "skipped", "failed", "error"))
        + f"; failed or erroring: {len(unknown)} unknown, {len(bad_tests) - len(unknown)} known issues fixed elsewhere"
    )
    for r in results:
        if r.build_error:
            print(f"  mini {r.seed}: build failed{f' [known: {r.build_known}]' if r.build_known else ''}: {r.build_error}")
        for f in r.not_compiling:
            print(f"  mini {r.seed}: does not compile: {f}")
    for seed, test, message, known in sorted(bad_tests, key=lambda b: (b[3] is not None, b[0])):
        tag = f" [known: {known}]" if known else ""
        print(f"  mini {seed}: {test}{tag}: {message.splitlines()[0] if message else ''}")
    if bad_tests or any(r.build_error or r.not_compiling for r in results):
        print("  reproduce: python benchmarks/fuzz.py --count 0 --mini-seed SEED --keep DIR  (pages of each mini-corpus listed with --details)")
    if args.details:
        for r in results:
            print(f"  mini {r.seed}: {r.outcomes} {r.seconds:.1f}s")
            for p in r.pages:
                print(f"      {p}")
    failures = len(unknown) + sum(1 for r in results if r.build_error and not r.build_known) + bad_compile
    if args.strict_known:
        failures += len(bad_tests) - len(unknown) + known_builds
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0, help="run seed (mutant i has seed SEED*2**32+i)")
    ap.add_argument("--count", type=int, default=100_000, help="mutants to run (default 100000)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=float, default=2.0, help="CPU seconds one page may take (default 2)")
    ap.add_argument("--hard-limit", type=float, default=60.0, help="abort one page after this many seconds")
    ap.add_argument("--no-compile", action="store_true", help="do not compile the rendered files")
    ap.add_argument("--slowest", type=int, default=10)
    ap.add_argument("--corpus", action="append", help="a docs folder to take pages from (repeatable; default: graph-v1.0 and the 2026 sample)")
    ap.add_argument("--replay", type=int, help="run the mutant of this seed alone and print its traceback")
    ap.add_argument("--write", help="with --replay: write the mutant's bytes to this file")
    ap.add_argument("--mini", type=int, default=0, help="then build this many mutated mini-corpora")
    ap.add_argument("--mini-seed", type=int, help="build only the mini-corpus of this seed")
    ap.add_argument("--mini-pages", type=int, default=20)
    ap.add_argument("--keep", help="write the mini-corpora's SDKs below this folder instead of a temporary one")
    ap.add_argument("--details", action="store_true", help="list the pages and outcomes of every mini-corpus")
    ap.add_argument("--strict-known", action="store_true", help="count known issues as failures too")
    args = ap.parse_args(argv)
    args.corpus = args.corpus or [str(r) for r in fuzzlib.DEFAULT_ROOTS]
    if not any(Path(r).is_dir() for r in args.corpus):
        print(f"corpus not found: {', '.join(args.corpus)}", file=sys.stderr)
        return 2
    if args.replay is not None:
        return replay(args.replay, args.write, args.corpus)
    _init(args.corpus, not args.no_compile, args.hard_limit)  # forked workers inherit the pages
    print(f"sources: {len(_SOURCES)} pages from {', '.join(args.corpus)}; {fuzzlib.PLAIN_TEXT_SHARE:.0%} of mutants from plain-text renderings")
    failures = 0
    if args.count:
        failures, _ = fuzz(args)
    if args.mini_seed is not None:
        seed = args.mini_seed
        result = _mini_work((seed, args.keep, args.mini_pages))
        print(f"mini {seed}: {result.outcomes}; build error: {result.build_error}; not compiling: {result.not_compiling}")
        for p in result.pages:
            print(f"    {p}")
        for t, m, k in result.bad:
            print(f"  {t}{f' [known: {k}]' if k else ''}: {m}")
        failures += 0 if result.ok else 1
    elif args.mini:
        failures += minis(args)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
