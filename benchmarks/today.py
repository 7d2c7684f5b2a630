"""Today's docs benchmark: docgen on the 2026 sample of the Graph v1.0 reference (includes, today's
permission tables).

    python benchmarks/today.py [--corpus DIR] [--json FILE]

The corpus defaults to ``<repo>/../shared/corpus/graph-v1.0-2026-sample`` (``docs/``). The expected
permissions are read here, independently of docgen's parser: each ``[!INCLUDE
[permissions-table](path)]`` line of an API page is followed to its file, whose pipe table is split
by ``|``, its scope cells by ``,`` and `` and ``. Figures (see benchmarks/README.md):

* include pages: API pages whose permissions include is in the sample; for each, every row of the
  include (permission type) must come out with exactly the scopes of both columns, the least
  privileged column's scopes marked ``least_privileged`` and the others not (100% expected);
* missing includes: permissions includes not in the sample; each must give a DG105 warning at the
  include line naming the file;
* hyphenated scopes: every scope with a hyphen written in the sample's pages and includes must be an
  IR scope, whole, and no IR scope may be the tail of one (``Control.Read.All``);
* operations: API pages (``doc_type: apiPageType``) with an operation that has a method and a path;
* include files: no diagnostic and no IR element comes from an include file read as a page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from docgen.pipeline import parse_paths  # noqa: E402

_INCLUDE = re.compile(r"^\s*\[!INCLUDE\s*\[permissions-table\]\(([^)]+)\)\]\s*$", re.I | re.M)
_DOC_TYPE = re.compile(r"^doc_type\s*:\s*\"?(\w+)", re.M)
_TYPES = {
    "delegated (work or school account)": "delegated_work",
    "delegated (personal microsoft account)": "delegated_personal",
    "application": "application",
}
_HYPHENATED = re.compile(r"\b[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9-]*(?:\.[A-Za-z0-9]+)+\b")


def _cell_scopes(cell: str) -> list[str]:
    cell = cell.strip().strip("*_ ")
    if not cell or cell.lower().startswith(("not supported", "not available", "not applicable")):
        return []
    out = []
    for part in cell.split(","):
        out.extend(x.strip().strip("*_ ").rstrip(".") for x in re.split(r"\s+and\s+", part) if x.strip())
    return out


def read_include_table(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """type -> (least privileged scopes, higher privileged scopes) of an include file's table."""
    rows: dict[str, tuple[list[str], list[str]]] = {}
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n"):
        if not line.strip().startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set("".join(cells)) <= set(":- "):
            continue
        least = next(i for i, h in enumerate(header) if h.startswith("least privileged"))
        higher = next(i for i, h in enumerate(header) if h.startswith("higher privileged"))
        rows[_TYPES[cells[0].lower()]] = (_cell_scopes(cells[least]), _cell_scopes(cells[higher]))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus" / "graph-v1.0-2026-sample"))
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    docs = corpus / "docs"
    if not (docs / "api").is_dir():
        print(f"today's sample not found at {corpus} (give --corpus DIR)", file=sys.stderr)
        return 2
    os.chdir(corpus)  # display names relative to the sample: docs/api/x.md
    doc = parse_paths(["docs"], jobs=1)
    ops = {o.id: o for o in doc.operations}
    figures: dict[str, object] = {}

    # --- pages whose permissions include is in the sample ------------------------------------
    api_pages = sorted((docs / "api").glob("*.md"))
    with_include, missing = [], []
    for page in api_pages:
        text = page.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        for m in _INCLUDE.finditer(text):
            target = (page.parent / m.group(1)).resolve()
            line = text.count("\n", 0, m.start()) + 1
            (with_include if target.is_file() else missing).append((page, target, m.group(1), line))
    print(f"docgen on today's sample ({len(api_pages)} API pages, {len(list((docs / 'includes').rglob('*.md')))} include files)")
    print()
    print("PERMISSIONS FROM INCLUDES (expected: the include tables, read by this script)")
    rows_ok = rows_all = scopes_ok = scopes_all = 0
    for page, target, _, _ in with_include:
        expected = read_include_table(target)
        op = ops.get(page.stem)
        got = {p.type: p for p in (op.permissions if op else []) if p.context is None}
        page_ok = True
        for ptype, (least, higher) in sorted(expected.items()):
            rows_all += 1
            scopes_all += len(least) + len(higher)
            p = got.get(ptype)
            got_least = [s for a in (p.alternatives if p else []) if a.least_privileged for s in a.scopes]
            got_higher = [s for a in (p.alternatives if p else []) if not a.least_privileged for s in a.scopes]
            scopes_ok += sum(1 for s in least if s in got_least) + sum(1 for s in higher if s in got_higher)
            if p is not None and got_least == least and got_higher == higher and (p.status == "supported") == bool(least or higher):
                rows_ok += 1
            else:
                page_ok = False
                print(f"  MISMATCH {page.name} {ptype}: expected least {least} higher {higher}; got least {got_least} higher {got_higher}")
        print(f"  {'ok ' if page_ok else 'BAD'} {page.name}: {len(expected)} rows from {target.name}")
    pct = 100.0 * scopes_ok / scopes_all if scopes_all else 100.0
    print(f"  pages {len(with_include)}, rows {rows_ok}/{rows_all}, scopes of both columns with the right mark {scopes_ok}/{scopes_all} = {pct:.1f}%  (goal 100%)")
    figures.update(include_pages=len(with_include), include_rows_ok=rows_ok, include_rows=rows_all,
                   include_scopes_ok=scopes_ok, include_scopes=scopes_all)

    # --- missing includes -----------------------------------------------------------------------
    print()
    print("MISSING PERMISSIONS INCLUDES (expected: a DG105 warning at the include line naming the file)")
    warned = 0
    for page, _, written, line in missing:
        name = f"docs/api/{page.name}"
        hit = [d for d in doc.diagnostics if d.code == "DG105" and d.level == "warning"
               and d.source.file == name and d.source.line == line and written in d.message]
        warned += bool(hit)
        print(f"  {'ok ' if hit else 'BAD'} {name}:{line} {written}")
    print(f"  warned {warned}/{len(missing)}  (goal all)")
    figures.update(missing_includes=len(missing), missing_includes_warned=warned)

    # --- hyphenated scopes ------------------------------------------------------------------------
    print()
    print("HYPHENATED SCOPES (written in the sample's API pages and include files)")
    written_h: set[str] = set()
    for f in [*api_pages, *(docs / "includes").rglob("*.md")]:
        text = f.read_text(encoding="utf-8-sig")
        written_h.update(s for s in _HYPHENATED.findall(text) if "/" not in s and not s.lower().endswith(".md"))
    ir_scopes = {s for o in doc.operations for p in o.permissions for s in p.scopes}
    # only names that read as scopes (Word-Word.Read...) and stand in a Permissions table or list
    stated = {s for s in written_h if re.match(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+(?:\.[A-Z][A-Za-z0-9]*)+$", s)}
    whole = sorted(s for s in stated if s in ir_scopes)
    cut = sorted(s for s in ir_scopes for h in stated if h != s and h.endswith("-" + s))
    for s in sorted(stated):
        print(f"  {'ok ' if s in ir_scopes else 'BAD'} {s}")
    print(f"  whole in the IR {len(whole)}/{len(stated)}; IR scopes that are the tail of a hyphenated name: {len(cut)} {cut}")
    figures.update(hyphenated=len(stated), hyphenated_whole=len(whole), hyphenated_cut=len(cut))

    # --- operations -------------------------------------------------------------------------------
    print()
    print("API PAGES WITH AN OPERATION (method and path)")
    api_typed = [p for p in api_pages if (m := _DOC_TYPE.search(p.read_text(encoding="utf-8-sig"))) and m.group(1).lower() == "apipagetype"]
    with_op = [p for p in api_typed if (o := ops.get(p.stem)) and o.requests and all(r.method and r.path for r in o.requests)]
    for p in sorted(set(api_typed) - set(with_op)):
        print(f"  BAD {p.name}")
    print(f"  {len(with_op)}/{len(api_typed)} apiPageType pages  (goal all)")
    clouds = sum(1 for o in doc.operations if o.national_clouds)
    print(f"  national clouds stated: {clouds} operations")
    figures.update(api_pages=len(api_typed), api_pages_with_operation=len(with_op), national_clouds=clouds)

    # --- include files are not pages --------------------------------------------------------------
    print()
    from_includes = [d for d in doc.diagnostics if d.source.file.startswith("docs/includes/") and d.code in ("DG202", "DG404", "DG201")]
    print(f"INCLUDE FILES READ AS PAGES: diagnostics DG201/DG202/DG404 on include files: {len(from_includes)}  (goal 0)")
    figures.update(include_file_page_noise=len(from_includes))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
