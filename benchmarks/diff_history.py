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
import difflib
import hashlib
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import csdl  # noqa: E402
from docgen.diff.engine import compare  # noqa: E402
from docgen.diff.inputs import load_sides  # noqa: E402
from docgen.diff.report import MARKDOWN_LIMIT, Report, render, where  # noqa: E402
from docgen.diff.rules import LEVELS, RULES  # noqa: E402
from docgen.ir.model import Document, Property, Source, Type  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
VERDICTS = Path(__file__).resolve().parent / "diff_verdicts.json"
MARKDOWN_LIMIT = 65_536
ANNOTATION_LIMIT = 50


def _time_cmd(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def counts(findings: list) -> None:
    by_level = Counter(f.level for f in findings)
    print("findings by level: " + ", ".join(f"{lvl} {by_level.get(lvl, 0)}" for lvl in LEVELS) + f"; total {len(findings)}")
    by_rule = Counter((f.level, f.rule) for f in findings)
    for (lvl, rule), n in sorted(by_rule.items(), key=lambda x: (LEVELS.index(x[0][0]), -x[1], x[0][1])):
        print(f"  {lvl:<21} {rule:<42} {n:>5}")


# --- CSDL recall ---------------------------------------------------------------------------------

def _short(t: str | None) -> str:
    return (t or "").rsplit(".", 1)[-1].lower()


def _ir_types(doc: Document) -> dict[str, Type]:
    bodies = {op.request_body.source for op in doc.operations if op.request_body and op.request_body.source}
    return {t.qualified_name.lower(): t for t in doc.types if t.source is None or t.source not in bodies}


def _ir_members(t: Type) -> dict[str, Property]:
    return {p.name.lower(): p for p in t.properties + t.relationships}


def csdl_changes(old: dict, new: dict) -> list[tuple[str, str, str, str]]:
    """(kind, type, member, what) for every type / property / navigation / enum member / property-type
    change between two CSDL files (members declared on the type; names case-insensitive)."""
    out: list[tuple[str, str, str, str]] = []
    lo, ln = {k.lower(): v for k, v in old.items()}, {k.lower(): v for k, v in new.items()}
    for k in sorted(lo.keys() | ln.keys()):
        a, b = lo.get(k), ln.get(k)
        if a is None or b is None:
            out.append(("type-added" if a is None else "type-removed", k, "", (b or a).kind))
            continue
        for kind, ma, mb in (("property", a.properties, b.properties), ("navigation", a.navigation, b.navigation)):
            da, db = {m[0].lower(): m for m in ma}, {m[0].lower(): m for m in mb}
            for m in sorted(da.keys() | db.keys()):
                if m not in da:
                    out.append((f"{kind}-added", k, m, ""))
                elif m not in db:
                    out.append((f"{kind}-removed", k, m, ""))
                elif (_short(da[m][1]), da[m][2]) != (_short(db[m][1]), db[m][2]):
                    out.append((f"{kind}-type-changed", k, m, f"{da[m][1]}{'[]' if da[m][2] else ''} -> {db[m][1]}{'[]' if db[m][2] else ''}"))
        ea, eb = {m.lower() for m in a.members}, {m.lower() for m in b.members}
        out += [("member-added", k, m, "") for m in sorted(eb - ea)] + [("member-removed", k, m, "") for m in sorted(ea - eb)]
    return out


def reflected(change: tuple[str, str, str, str], to: dict[str, Type], tn: dict[str, Type]) -> bool:
    """Whether both sides' IRs show the change (the docs say the old state, then the new one)."""
    kind, k, m, _ = change
    a, b = to.get(k), tn.get(k)
    if kind == "type-added":
        return a is None and b is not None
    if kind == "type-removed":
        return a is not None and b is None
    if a is None or b is None:
        return False
    if kind.startswith("member-"):
        ma, mb = {x.name.lower() for x in a.members}, {x.name.lower() for x in b.members}
        return (m not in ma and m in mb) if kind == "member-added" else (m in ma and m not in mb)
    pa, pb = _ir_members(a), _ir_members(b)
    if kind.endswith("-added"):
        return m not in pa and m in pb
    if kind.endswith("-removed"):
        return m in pa and m not in pb
    if m not in pa or m not in pb:
        return False
    return (_short(pa[m].type), bool(pa[m].collection)) != (_short(pb[m].type), bool(pb[m].collection))


_REPORTED_BY = {
    "type-added": ("type-added", "type-namespace-changed"), "type-removed": ("type-removed", "type-namespace-changed"),
    "property-added": ("property-added", "relationship-added"), "navigation-added": ("property-added", "relationship-added"),
    "property-removed": ("property-removed", "relationship-removed"), "navigation-removed": ("property-removed", "relationship-removed"),
    "property-type-changed": ("property-type-changed", "property-collection-changed", "relationship-type-changed", "relationship-collection-changed"),
    "navigation-type-changed": ("property-type-changed", "property-collection-changed", "relationship-type-changed", "relationship-collection-changed"),
    "member-added": ("enum-member-added",), "member-removed": ("enum-member-removed",),
}


def reported(change: tuple[str, str, str, str], index: set[tuple[str, str, str]]) -> bool:
    kind, k, m, _ = change
    for rule in _REPORTED_BY[kind]:
        if rule.startswith("type-"):
            if (rule, k, "") in index or (rule, k, "namespace") in index:
                return True
        elif rule.startswith("enum-"):
            if (rule, k, f"member {m}") in index:
                return True
        else:
            noun = rule.split("-")[0]
            if (rule, k, f"{noun} {m}") in index or (rule, k, f"property {m}") in index:
                return True
    return False


def csdl_recall(old_xml: Path, new_xml: Path, doc_old: Document, doc_new: Document, findings: list) -> dict:
    changes = csdl_changes(csdl.read(old_xml), csdl.read(new_xml))
    to, tn = _ir_types(doc_old), _ir_types(doc_new)
    index = {(f.rule, f.subject.lower(), f.detail.lower()) for f in findings}
    shown = [c for c in changes if reflected(c, to, tn)]
    missed = [c for c in shown if not reported(c, index)]
    by_kind = Counter(c[0] for c in changes)
    print(f"CSDL changes between the two metadata files: {len(changes)} ({', '.join(f'{k} {n}' for k, n in sorted(by_kind.items()))})")
    print(f"  reflected by the docs (both IRs show them): {len(shown)}; reported by the diff: {len(shown) - len(missed)} "
          f"= {100 * (len(shown) - len(missed)) / max(len(shown), 1):.1f}% (goal 100%)")
    print(f"  never reflected by the docs in the window: {len(changes) - len(shown)}")
    for c in missed:
        print(f"  MISSED {c}")
    return {"changes": len(changes), "reflected": len(shown), "reported": len(shown) - len(missed)}


# --- precision --------------------------------------------------------------------------------

VERDICTS_DOC = ("right: the finding says what the page edit did, at the right level; wrong: a real "
                "edit, described wrongly (other rule, level or subject); artefact: no such edit")


def sample(findings: list, seed: int, n_breaking: int = 30, n_other: int = 30) -> list:
    """A seeded sample that stays stable as findings come and go: findings ranked by a hash of seed
    and fingerprint, the first ``n_breaking`` breaking ones and the first ``n_other`` others."""
    rank = sorted(findings, key=lambda f: hashlib.sha256(f"{seed}:{f.fingerprint}".encode()).hexdigest())
    br = [f for f in rank if f.level == "breaking"][:n_breaking]
    ot = [f for f in rank if f.level != "breaking"][:n_other]
    return br + ot


def precision(findings: list, seed: int, verdicts_path: Path) -> dict:
    data = json.loads(verdicts_path.read_text(encoding="utf-8")) if verdicts_path.exists() else {}
    verdicts = data.get("verdicts", {})
    chosen = sample(findings, seed)
    pending = []
    tally: dict[str, Counter[str]] = {"breaking": Counter(), "all": Counter()}
    for f in chosen:
        v = verdicts.get(f.fingerprint)
        if v is None or v.get("message") != f.message or v.get("rule") != f.rule:
            pending.append(f)
            continue
        tally["all"][v["verdict"]] += 1
        if f.level == "breaking":
            tally["breaking"][v["verdict"]] += 1
    for name, goal in (("breaking", 95), ("all", 97)):
        c = tally[name]
        judged = sum(c.values())
        share = 100 * c["right"] / judged if judged else 0.0
        print(f"precision ({name} findings of the sample): {c['right']}/{judged} right = {share:.1f}% (goal >= {goal}%); "
              f"wrong {c['wrong']}, artefact {c['artefact']}")
    print(f"sample: {len(chosen)} findings (seed {seed}); need a new verdict: {len(pending)}")
    for f in pending:
        print(f"  NEEDS VERDICT {f.fingerprint} {f.level} {f.rule} {f.display_subject}: {f.message} ({where(f)})")
    return {"sample": len(chosen), "pending": len(pending), "tally": {k: dict(v) for k, v in tally.items()}, "pending_findings": pending}


def page_edit(f, roots: tuple[str, str], context: int = 3, width: int = 40) -> str:
    """The edit behind a finding, for judging it: a unified diff of the base and revision pages
    (hunks within ``width`` lines of the finding's lines); when the finding names one side only, the
    page of the same name on the other side (``roots``: the two docs folders as displayed)."""
    paths = [Path(s.file) if s else None for s in (f.old_source, f.new_source)]
    for i in (0, 1):
        other = paths[1 - i]
        if paths[i] is None and other is not None and str(other).startswith(roots[1 - i]):
            paths[i] = Path(roots[i] + str(other)[len(roots[1 - i]):])
    texts = [p.read_text(encoding="utf-8", errors="replace").splitlines() if p and p.exists() else None for p in paths]
    if texts[0] is not None and texts[1] is not None:
        out = []
        lo = [s.line for s in (f.old_source, f.new_source) if s]
        for hunk in difflib.unified_diff(texts[0], texts[1], str(paths[0]), str(paths[1]), n=context, lineterm=""):
            out.append(hunk)
        text = "\n".join(out)
        if not text:
            return f"(pages identical: {paths[0]} = {paths[1]})"
        keep, show = [], False
        for line in out:
            if line.startswith("@@"):
                start = int(line.split()[1].split(",")[0].lstrip("-"))
                show = any(abs(start - x) <= width for x in lo)
            if show or line.startswith(("---", "+++")):
                keep.append(line)
        return "\n".join(keep) or text[:3000]
    for src, lines in zip((f.old_source, f.new_source), texts):
        if src and lines:
            return f"{src.file}:{src.line} (one side only)\n" + "\n".join(lines[max(0, src.line - 8) : src.line + 8])
    return "(no page)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", type=Path, default=CORPUS / "graph-v1.0-2021-01")
    ap.add_argument("--new", type=Path, default=CORPUS / "graph-v1.0")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verdicts", type=Path, default=VERDICTS)
    ap.add_argument("--show-edits", action="store_true", help="print the page edit behind every finding needing a verdict")
    ap.add_argument("--no-ir-time", action="store_true", help="skip timing the `docgen ir` and `docgen diff` commands")
    args = ap.parse_args(argv)
    for side in (args.old, args.new):
        if not (side / "docs").is_dir():
            print(f"corpus not found: {side}/docs", file=sys.stderr)
            return 2
    old_docs, new_docs = str(args.old / "docs"), str(args.new / "docs")
    t = time.perf_counter()
    a, b = load_sides(old_docs, new_docs, args.jobs)
    assert a.document is not None and b.document is not None
    every = compare(a.document, b.document)
    elapsed = time.perf_counter() - t
    for f in every:
        f.old_source, f.new_source = a.display(f.old_source), b.display(f.new_source)
    shown = [f for f in every if not RULES[f.rule].docs]
    counts(shown)
    docs_only = Counter(f.rule for f in every if RULES[f.rule].docs)
    print("docs-only findings (--include-docs): " + ", ".join(f"{r} {n}" for r, n in sorted(docs_only.items())))
    fps = Counter(f.fingerprint for f in every)
    twice = {fp: n for fp, n in fps.items() if n > 1}
    print(f"fingerprints reported more than once: {len(twice)} ({sum(twice.values())} findings; docs-only rules included)")
    print(f"diff (both sides read, parsed, linked, compared, -j {args.jobs}): {elapsed:.2f} s")
    if not args.no_ir_time:
        t_old = _time_cmd(["docgen", "ir", old_docs, "-o", "/dev/null", "-j", str(args.jobs)])
        t_new = _time_cmd(["docgen", "ir", new_docs, "-o", "/dev/null", "-j", str(args.jobs)])
        t_diff = _time_cmd(["docgen", "diff", old_docs, new_docs, "-f", "json", "-o", "/dev/null", "-j", str(args.jobs)])
        t_self = _time_cmd(["docgen", "diff", new_docs, new_docs, "--fail-on", "any", "-j", str(args.jobs)])
        print(f"docgen ir old: {t_old:.2f} s, new: {t_new:.2f} s, sum {t_old + t_new:.2f} s; "
              f"docgen diff old new: {t_diff:.2f} s; ratio {t_diff / (t_old + t_new):.2f} (goal <= 2); "
              f"self-diff of the revision: {t_self:.2f} s, 0 findings (exit 0 with --fail-on any)")
    report = Report(old_docs, new_docs, shown)
    md = render("markdown", report, limit=MARKDOWN_LIMIT, full_report="diff-full.md")
    gh = render("github", report)
    cl = render("changelog", report)
    notes = [ln for ln in gh.splitlines() if ln.startswith("::notice title=docgen diff::")]
    print(f"markdown comment: {len(md):,} characters (limit {MARKDOWN_LIMIT:,}); complete report {len(render('markdown', report)):,}")
    print(f"github: {gh.count(chr(10)) - len(notes)} annotations + {len(notes)} summary notice (limit {ANNOTATION_LIMIT})")
    print(f"changelog: {cl.count(chr(10))} lines, {sum(1 for ln in cl.splitlines() if ln.startswith('## '))} areas")
    csdl_recall(args.old / "metadata-v1.0.xml", args.new / "metadata-v1.0.xml", a.document, b.document, shown)
    result = precision(shown, args.seed, args.verdicts)
    if args.show_edits:
        for f in result["pending_findings"]:
            roots = (a.display(Source("", 0)).file, b.display(Source("", 0)).file)  # type: ignore[union-attr]
            print(f"\n===== {f.fingerprint} {f.level} {f.rule} {f.display_subject}: {f.message}\n{page_edit(f, roots)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
