"""Plain text against Markdown: does a page copied from the published site give the IR its Markdown
gives? Over every API page of a corpus.

    python benchmarks/plaintext.py [--corpus DIR ...]

The site is not reachable from here, so each page's plain text is made by ``fuzzlib.to_plain_text``
(what the site's copy keeps: bare headings and paragraphs, table rows with cells joined by spaces,
links as their text), after the page's includes are expanded (the site shows them inlined). That
renderer is docgen's own approximation, so the figure guards against regressions; the real copies
are the seeds' plain-text renderings and tests/fixtures/twins. Compared, per page: request lines,
permissions (type, context, scopes, status), response status and type, request-body property names.
Defaults: ``../shared/corpus/graph-v1.0``, ``graph-v1.0-2021-01`` and ``graph-v1.0-2026-sample``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import fuzzlib  # noqa: E402
from docgen.parse import includes as inc  # noqa: E402
from docgen.pipeline import includes_for, parse_bytes  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpus"


def facts(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    op = result.operation
    if op is None:
        return {"operation": None}
    return {
        "requests": [(r.method, r.path) for r in op.requests],
        "permissions": [(p.type, p.context, p.scopes, p.status) for p in op.permissions],
        "response": (op.response.status, op.response.type) if op.response else None,
        "body": sorted(p.name for p in op.request_body.properties) if op.request_body else None,
    }


def compare(docs: Path) -> tuple[int, int, Counter[str], list[str]]:
    pages = sorted((docs / "api").glob("*.md"))
    files = [(p, f"api/{p.name}") for p in pages]
    includes = includes_for(files)
    same, differs, where = 0, Counter(), []
    for path, name in files:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        md = facts(parse_bytes(text.encode("utf-8"), name, includes))
        inlined = inc.expand(text, name, includes).text
        txt = facts(parse_bytes(fuzzlib.to_plain_text(inlined).encode("utf-8"), name[:-3] + ".txt"))
        bad = [k for k in md if md[k] != txt.get(k)]
        if bad:
            differs.update(bad)
            where.append(f"{name}: {', '.join(bad)}")
        else:
            same += 1
    return same, len(files), differs, where


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, nargs="*",
                    default=[CORPUS / "graph-v1.0", CORPUS / "graph-v1.0-2021-01", CORPUS / "graph-v1.0-2026-sample"])
    ap.add_argument("--details", action="store_true", help="list the pages that differ")
    args = ap.parse_args()
    for corpus in args.corpus:
        docs = corpus / "docs"
        if not (docs / "api").is_dir():
            print(f"{corpus}: not found, skipped", file=sys.stderr)
            continue
        same, total, differs, where = compare(docs)
        print(f"{corpus.name}: {same}/{total} API pages give the same facts from plain text ({100 * same / max(total, 1):.1f}%); "
              f"differing: {', '.join(f'{k} {v}' for k, v in sorted(differs.items())) or 'none'}")
        if args.details:
            for w in where:
                print(f"  {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
