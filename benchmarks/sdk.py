"""Benchmark the SDK generated from the Graph v1.0 corpus and print the figures.

    python benchmarks/sdk.py [--corpus ../shared/corpus/graph-v1.0/docs] [--home DIR] [--skip-mypy]

Builds the corpus SDK (package ``corpus_sdk``) with `docgen build` into ``--home`` (default: the
folder the scenario suite uses, so both share one build and its cache) and prints:

* return types against the pages: each page's own claim (204 -> None; 202 with no type -> None; a
  typed response -> that model, ``Page`` for a collection; ``Model | None`` satisfies both) read here, independently of the
  generator's choice, compared with the generated method's annotation: typed methods that no
  documenting page supports (0 wanted; a base class of the claimed model is support, bytes for
  ``.../$value`` and ``.../content`` too), methods documented by a single page that contradict it
  (0 wanted), and methods left untyped (Any) though some page names a type; the issue's cases
  (PATCH /users/{id}, /organization/{id}, /servicePrincipals/{id}) listed;
* POST/PATCH/PUT bodies typed: of the pages documenting a body table, the share whose generated
  methods take a model (>= 95% wanted);
* GETs with typed OData options: select/expand on every GET and filter/top/skip/orderby/count/
  search on collection GETs (100% wanted);
* ``mypy --strict`` on the generated package and on tests/scenario_jobs.py;
* fresh process: import alone vs import + build a client + parse the first ``/me`` (best of 5;
  at most 2x wanted);
* a 1,000-user page parsed (best of 5; at most 50 ms wanted).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "graph-v1.0" / "docs"
DEFAULT_HOME = Path(tempfile.gettempdir()) / f"docgen-scenarios-{os.getuid()}"
BODY_VERBS = ("POST", "PATCH", "PUT")
ENTITY = {"select", "expand"}
COLLECTION = {"filter", "top", "skip", "orderby", "count", "search"}


def build(corpus: Path, home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).parent / "docgen"
    cmd = [str(exe) if exe.exists() else "docgen", "build", str(corpus), "-o", str(home / "out"), "--package", "corpus_sdk"]
    subprocess.run(cmd, cwd=home, check=True, capture_output=True, text=True)
    return home / "out"


def documented(op: Any, tmap: Any) -> str | None:
    """What the page itself says its result is, as the generated annotation would spell it."""
    r = op.response
    if r is None:
        return None
    if r.status == 204:  # No Content: a type named in the prose is not a body
        return "None"
    if r.type is not None and tmap.is_model(r.type):
        model = tmap.models_ref(r.type)
        return f"_rt.Page[{model}]" if r.collection else model
    if r.status in (202, 204) and r.type is None:
        return "None"
    return None


def _compatible(generated: str, claim: str, tmap: Any, types: dict[str, Any]) -> bool:
    """The generated annotation satisfies the claim: equal, or a base class of the claimed model
    (a subclass parses into it by @odata.type)."""
    if generated == claim:
        return True
    if generated.endswith(" | None"):  # a model, or None where a page documents no body
        return claim == "None" or _compatible(generated.removesuffix(" | None"), claim, tmap, types)
    strip = lambda a: a.removeprefix("_rt.Page[").removesuffix("]")  # noqa: E731
    if generated.startswith("_rt.Page[") != claim.startswith("_rt.Page["):
        return False
    by_ref = {tmap.models_ref(q): q for q in types}
    g, c = by_ref.get(strip(generated)), by_ref.get(strip(claim))
    while c is not None and c in types:
        if c == g:
            return True
        c = types[c].base
    return False


def view_figures(corpus: Path, home: Path) -> dict[str, Any]:
    from docgen.pipeline import build_document, read_specs
    from docgen.generate.client import build_client
    from docgen.generate.models import class_refs
    from docgen.generate.navigation import build_tree
    from docgen.generate.responses import request_body_types
    from dataclasses import replace

    os.chdir(home)  # page names as the build in ``home`` gives them: its parse cache answers
    doc = build_document(read_specs([str(corpus)]), cache_dir=home / ".docgen-cache", jobs=2)
    tree = build_tree(doc)
    synthetic = request_body_types(doc, *tree)
    doc = replace(doc, types=[*doc.types, *synthetic.values()])
    tmap = class_refs(doc)
    client = build_client(doc, tmap, synthetic, tree)
    types = {t.qualified_name: t for t in doc.types}
    ops = {op.id: op for op in doc.operations}
    unsupported, single_wrong, untyped, checked, issue = [], [], [], 0, {}
    typed_body: dict[str, bool] = {}
    gets = gets_ok = 0
    for module in client.modules:
        for b in module.builders:
            for m in b.methods:
                claims = [c for c in (documented(ops[i], tmap) for i in m.op_ids) if c is not None]
                content = b.path.segments and b.path.segments[-1][1].casefold() in ("$value", "content")
                if str(m.returns) == "Any" and claims:
                    untyped.append(f"{m.verb} {b.path.example_path}")
                elif str(m.returns) == "bytes" and content:
                    pass  # raw content by definition (OData $value, drive content), whatever a page names
                elif claims:
                    checked += 1
                    ok = [c for c in claims if _compatible(str(m.returns), c, tmap, types)]
                    where = f"{m.verb} {b.path.example_path}"
                    if not ok:
                        unsupported.append(f"{where}: {m.returns} (pages: {', '.join(sorted(set(claims)))})")
                    if len(m.op_ids) == 1 and not ok:
                        single_wrong.append(where)
                if m.verb == "PATCH" and b.path.example_path in ("/users/{userId}", "/organization/{id}", "/servicePrincipals/{id}"):
                    issue[f"PATCH {b.path.example_path}"] = str(m.returns)
                if m.verb in BODY_VERBS and m.body is not None:
                    for i in m.op_ids:
                        rb = ops[i].request_body
                        if rb is not None and rb.properties:
                            typed_body[i] = typed_body.get(i, True) and m.body.startswith("_m.")
                if m.verb == "GET" and m.kind != "bytes":
                    gets += 1
                    kw = {str(k) for k, _ in m.options}
                    want = ENTITY | (COLLECTION if m.page_item is not None else set())
                    gets_ok += want <= kw
    return {
        "methods_checked": checked,
        "unsupported": unsupported,
        "single_page_contradictions": single_wrong,
        "untyped_where_a_page_types": untyped,
        "issue_cases": issue,
        "bodies_typed": sum(typed_body.values()),
        "body_tables": len(typed_body),
        "gets": gets,
        "gets_typed_options": gets_ok,
    }


def mypy(out: Path) -> str:
    env = {**os.environ, "MYPYPATH": str(out)}
    cmd = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "corpus_sdk", str(ROOT / "tests" / "scenario_jobs.py")]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=out, capture_output=True, text=True, env=env)
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    return f"{last} ({time.perf_counter() - started:.0f} s)"


FIRST_USE = """
import time, httpx
t = time.perf_counter()
import corpus_sdk
from corpus_sdk import GraphClient
t1 = time.perf_counter()
{extra}
print(t1 - t, time.perf_counter() - t)
"""
ME = """
body = b'{"id": "1", "displayName": "Ada", "mail": "ada@contoso.com", "businessPhones": [], "jobTitle": "x"}'
client = GraphClient(token_provider=lambda: "t", transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body)))
me = client.me.get()
assert me.display_name == "Ada"
"""


def first_use(out: Path, runs: int = 5) -> tuple[float, float]:
    def best(extra: str) -> float:
        times = []
        for _ in range(runs):
            code = FIRST_USE.format(extra=extra)
            proc = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, check=True)
            times.append(float(proc.stdout.split()[1]))
        return min(times)

    return best(""), best(ME)


PAGE = """
import json, time
from corpus_sdk import models, Page
users = [{{"id": f"{{i:08d}}-0000-0000-0000-000000000000", "displayName": f"User {{i}}", "givenName": "U",
          "surname": str(i), "mail": f"u{{i}}@contoso.com", "userPrincipalName": f"u{{i}}@contoso.com",
          "jobTitle": "Engineer", "officeLocation": "18/2111", "mobilePhone": "+1 425 555 0109",
          "businessPhones": ["+1 425 555 0100"], "preferredLanguage": "en-US", "accountEnabled": True,
          "createdDateTime": "2021-01-01T00:00:00Z"}} for i in range(1000)]
data = json.dumps({{"value": users, "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=x"}})
Page[models.User].model_validate(json.loads(data))  # warm: schema built
best = 1e9
for _ in range({runs}):
    t = time.perf_counter()
    page = Page[models.User].model_validate(json.loads(data))
    best = min(best, time.perf_counter() - t)
assert len(page.value) == 1000 and page.value[5].display_name == "User 5"
print(best)
"""


def page_parse(out: Path, runs: int = 5) -> float:
    proc = subprocess.run([sys.executable, "-c", PAGE.format(runs=runs)], cwd=out, capture_output=True, text=True, check=True)
    return float(proc.stdout.strip())


REBUILD_ALL = """
import corpus_sdk.models
from corpus_sdk.testing import build_all_models
built, failed = build_all_models(corpus_sdk.models)
print(built, len(failed))
print("\\n".join(failed[:10]))
"""


def rebuild_all(out: Path) -> tuple[int, list[str]]:
    """Every model class of every shard, built by pydantic with its annotations resolved: a shard
    name missing from a shard's module fails here, whether or not a test reaches the model."""
    proc = subprocess.run([sys.executable, "-c", REBUILD_ALL], cwd=out, capture_output=True, text=True, check=True)
    head, *rest = proc.stdout.strip().split("\n")
    built, _ = map(int, head.split())
    return built, [r for r in rest if r]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--home", type=Path, default=DEFAULT_HOME)
    ap.add_argument("--skip-mypy", action="store_true")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found at {args.corpus}")
    out = build(args.corpus.resolve(), args.home)
    fig = view_figures(args.corpus.resolve(), args.home)
    print(f"return types checked against their pages: {fig['methods_checked']} methods")
    print(f"  supported by no documenting page:       {len(fig['unsupported'])}")
    for line in fig["unsupported"][:20]:
        print(f"    {line}")
    print(f"  single-page methods contradicting it:   {len(fig['single_page_contradictions'])}")
    print(f"  untyped (Any) though a page names a type: {len(fig['untyped_where_a_page_types'])}")
    for k, v in sorted(fig["issue_cases"].items()):
        print(f"  {k} -> {v}")
    share = 100 * fig["bodies_typed"] / max(fig["body_tables"], 1)
    print(f"POST/PATCH/PUT bodies typed:              {fig['bodies_typed']} of {fig['body_tables']} pages with a body table ({share:.1f}%)")
    gshare = 100 * fig["gets_typed_options"] / max(fig["gets"], 1)
    print(f"GETs with typed OData options:            {fig['gets_typed_options']} of {fig['gets']} ({gshare:.1f}%)")
    if not args.skip_mypy:
        print(f"mypy --strict corpus_sdk + scenario_jobs: {mypy(out)}")
    built, failed = rebuild_all(out)
    print(f"models built with annotations resolved:   {built} ({len(failed)} failed)")
    for line in failed:
        print(f"    {line}")
    imp, used = first_use(out)
    print(f"fresh process: import {imp * 1000:.0f} ms; import + client + first /me {used * 1000:.0f} ms ({used / imp:.2f}x)")
    print(f"1,000-user page parsed:                   {page_parse(out) * 1000:.1f} ms")
    if args.json:
        print(json.dumps(fig, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
