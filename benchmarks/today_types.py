"""Today's docs: properties and relationships of the 2026 sample's resource types against the 2026
CSDL, and the SDK built from the sample.

    python benchmarks/today_types.py [--corpus DIR] [--jobs N] [--skip-sdk] [--details]

The corpus defaults to ``<repo>/../shared/corpus/graph-v1.0-2026-sample`` (``docs/`` and
``metadata-v1.0.xml``).

**What a page states** is read here from the Markdown text, independently of docgen's parser:

- a *table row*: the first cell of a row of a Markdown table whose header's first cell is
  ``Property``/``Properties``/``Property name``/``Name`` (a property table) or ``Relationship``
  (a relationship table), anywhere on the page outside HTML comments; names starting with ``@``
  (instance annotations) are not members;
- a *JSON key*: a key at the top level of the object in the code block annotated
  ``"blockType": "resource"`` (the JSON representation).

The page's type is the annotation's ``@odata.type`` (else the title's ``x resource type``). Over
the names that are *both stated and in the CSDL type* (its properties and navigation properties,
base types included), recall is the share docgen's IR gives the same type (its properties and
relationships, base types included): "right kind" when a CSDL property is an IR property and a
navigation property an IR relationship, "pooled" when either will do. Names stated but absent
from the CSDL are counted apart (the docs list them; the service does not).

The SDK part copies ``docs/`` to a temporary project, runs ``docgen build``, compiles every
generated ``.py`` file and runs the generated example tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import csdl  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "graph-v1.0-2026-sample"
GOAL_RECALL = 0.995
GOAL_PASS = 0.95

_ANNOTATION = re.compile(r"<!--\s*(\{.*?\})\s*-->", re.S)
_TITLE = re.compile(r"^#\s+`?([A-Za-z_][\w.]*)`?\s+resource\s+type\b", re.M | re.I)
_PROPERTY_HEADERS = {"property", "properties", "property name", "name"}
_CELL_MARKS = re.compile(r"[*`_\\]|\[|\]\([^)]*\)|\]")


def _without_comments(text: str) -> str:
    """HTML comments blanked (their newlines kept), except the JSON annotations docgen reads."""
    return re.sub(r"<!--(?!\s*\{).*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def _clean(cell: str) -> str:
    return _CELL_MARKS.sub("", cell).split("<")[0].strip().split(" ")[0]


def table_names(text: str) -> dict[str, str]:
    """lower name -> "property" / "relationship", from the first column of member tables."""
    out: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines) - 1:
        line, delim = lines[i], lines[i + 1]
        if "|" in line and re.match(r"^\s*\|?\s*:?-{2,}", delim):
            head = _clean(_cells(line)[0]).lower() if _cells(line) else ""
            full_head = re.sub(r"[*`_]", "", _cells(line)[0]).strip().lower()
            kind = "relationship" if full_head.startswith("relationship") else "property" if full_head in _PROPERTY_HEADERS else None
            j = i + 2
            while j < len(lines) and "|" in lines[j]:
                if kind is not None and head:
                    name = _clean(_cells(lines[j])[0])
                    if name and not name.startswith("@") and re.match(r"^[A-Za-z_]\w*$", name):
                        out.setdefault(name.lower(), kind)
                j += 1
            i = j
            continue
        i += 1
    return out


def json_keys(text: str) -> list[str]:
    """Top-level keys of the object in the code block annotated blockType resource."""
    for m in _ANNOTATION.finditer(text):
        if '"resource"' not in m.group(1).replace(" ", ""):
            continue
        fence = re.search(r"```[^\n]*\n(.*?)```", text[m.end():], re.S)
        if not fence:
            return []
        body, keys, depth, k = fence.group(1), [], 0, 0
        while k < len(body):
            c = body[k]
            if c == '"':
                end = body.find('"', k + 1)
                while end > 0 and body[end - 1] == "\\":
                    end = body.find('"', end + 1)
                if end < 0:
                    break
                if depth == 1 and re.match(r"\s*:", body[end + 1:]):
                    keys.append(body[k + 1:end])
                k = end + 1
                continue
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
            k += 1
        return [x for x in keys if re.match(r"^[A-Za-z_]\w*$", x)]
    return []


def page_type(text: str) -> str | None:
    for m in _ANNOTATION.finditer(text):
        try:
            ann = json.loads(m.group(1))
        except ValueError:
            continue
        if str(ann.get("blockType", "")).lower() == "resource" and isinstance(ann.get("@odata.type"), str):
            return ann["@odata.type"].lstrip("#")
    m = _TITLE.search(text)
    return f"microsoft.graph.{m.group(1)}" if m else None


def recall(corpus: Path, jobs: int, details: bool) -> float:
    from docgen.pipeline import parse_paths

    meta = csdl.read(corpus / "metadata-v1.0.xml")
    meta_lower = {k.lower(): k for k in meta}
    cwd = os.getcwd()
    os.chdir(corpus)
    try:
        doc = parse_paths(["docs/api", "docs/resources"], jobs=jobs)
    finally:
        os.chdir(cwd)
    ir_types = {t.qualified_name.lower(): t for t in doc.types}

    def ir_flat(q: str, attr: str) -> set[str]:
        out: set[str] = set()
        seen: set[str] = set()
        t = ir_types.get(q.lower())
        while t is not None and t.qualified_name.lower() not in seen:
            seen.add(t.qualified_name.lower())
            out |= {p.name.lower() for p in getattr(t, attr)}
            t = ir_types.get(t.base.lower()) if t.base else None
        return out

    stated = right = pooled = not_in_csdl = 0
    rows = json_only = 0
    misses: list[str] = []
    pages = sorted((corpus / "docs" / "resources").glob("*.md"))
    for page in pages:
        text = _without_comments(page.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
        q = page_type(text)
        if q is None or q.lower() not in meta_lower:
            print(f"  {page.name}: type {q} not in the CSDL; skipped")
            continue
        mprops, mnavs = csdl.flatten(meta, meta_lower[q.lower()])
        kinds = {p[0].lower(): "property" for p in mprops} | {n[0].lower(): "relationship" for n in mnavs}
        in_table = table_names(text)
        names = dict.fromkeys([*in_table, *(k.lower() for k in json_keys(text))])
        ip, ir_ = ir_flat(q, "properties"), ir_flat(q, "relationships")
        for name in names:
            if name not in kinds:
                not_in_csdl += 1
                continue
            stated += 1
            rows += name in in_table
            json_only += name not in in_table
            want = ip if kinds[name] == "property" else ir_
            if name in want:
                right += 1
            if name in ip or name in ir_:
                pooled += 1
            if name not in want:
                where = "table row" if name in in_table else "JSON only"
                got = "as the other kind" if name in ip | ir_ else "absent"
                misses.append(f"{page.name} [{q.rsplit('.', 1)[-1]}]: {kinds[name]} {name} ({where}; {got} in the IR)")
    r = right / stated if stated else 0.0
    print(f"resource pages: {len(pages)}; names stated and in the CSDL: {stated} ({rows} in a table row, {json_only} only in the JSON representation); "
          f"stated but not in the CSDL type: {not_in_csdl}")
    print(f"recall (right kind):   {right}/{stated} {100 * r:6.2f}%  (goal >= {100 * GOAL_RECALL:g}%: {'ok' if r >= GOAL_RECALL else 'MISS'})")
    print(f"recall (pooled):       {pooled}/{stated} {100 * pooled / max(stated, 1):6.2f}%")
    ops = [o for o in doc.operations if o.source and "/api/" in o.source.file]
    with_req = sum(1 for o in ops if o.requests and o.requests[0].method and o.requests[0].path)
    print(f"API pages with method and path: {with_req}/{len(list((corpus / 'docs' / 'api').glob('*.md')))}")
    for m in misses if details else misses[:20]:
        print("  missing:", m)
    return r


def sdk(corpus: Path, jobs: int) -> tuple[int, int, int, int]:
    tmp = Path(tempfile.mkdtemp(prefix="docgen-today-"))
    try:
        project = tmp / "project"
        shutil.copytree(corpus / "docs", project / "docs")
        (project / "pyproject.toml").write_text(
            f'[tool.docgen]\nspecs = "docs"\noutput = "generated"\npackage = "graph_sdk"\njobs = {jobs}\n'
        )
        proc = subprocess.run(["docgen", "build"], cwd=project, capture_output=True, text=True)
        said = (proc.stdout + proc.stderr).strip().splitlines()
        print(f"docgen build: exit {proc.returncode}; {said[-1] if said else ''}")
        out = project / "generated"
        files = sorted(out.rglob("*.py"))
        ok = 0
        for f in files:
            try:
                compile(f.read_text(encoding="utf-8"), str(f), "exec")
                ok += 1
            except SyntaxError as e:
                print(f"  does not compile: {f.relative_to(out)}: {e}")
        print(f"compile: {ok}/{len(files)} generated .py files")
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfx", "-n", str(jobs), "tests"],
                              cwd=out, capture_output=True, text=True)
        lines = proc.stdout.strip().splitlines()
        for line in lines:
            if line.startswith(("FAILED", "XFAIL", "ERROR")):
                print("  " + line[:200])
        summary = lines[-1] if lines else proc.stderr
        counts = {k: int(v) for v, k in re.findall(r"(\d+) (passed|failed|xfailed|xpassed|errors?)", summary)}
        total = sum(counts.values())
        passed, failed = counts.get("passed", 0), counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
        rate = passed / max(total, 1)
        print(f"example tests: {passed} passed, {counts.get('xfailed', 0)} xfailed, {failed} failed of {total} -> "
              f"{100 * rate:.1f}% pass (goal >= {100 * GOAL_PASS:g}%, 0 failed: {'ok' if rate >= GOAL_PASS and failed == 0 else 'MISS'})")
        return ok, len(files), passed, failed
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 2))
    ap.add_argument("--skip-sdk", action="store_true")
    ap.add_argument("--details", action="store_true", help="every missing name, not the first 20")
    args = ap.parse_args()
    if not (args.corpus / "metadata-v1.0.xml").is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    print(f"corpus: {args.corpus}")
    recall(args.corpus, args.jobs, args.details)
    if not args.skip_sdk:
        sdk(args.corpus, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
