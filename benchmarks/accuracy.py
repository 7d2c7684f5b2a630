"""Accuracy benchmark: docgen's IR of the Graph v1.0 reference vs the service's CSDL metadata.

    python benchmarks/accuracy.py [--corpus DIR] [--jobs N] [--json FILE] [--details]

The corpus defaults to ``<repo>/../shared/corpus/graph-v1.0`` (``docs/`` and ``metadata-v1.0.xml``).
Names are compared case-insensitively. Inheritance is flattened through the base type on both sides
(the IR's ``Type.base``, the metadata's ``BaseType``). See benchmarks/README.md for the definitions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import csdl  # noqa: E402

THRESHOLDS = {
    "api_pages_with_operation": 0.999,
    "property_recall": 0.995,
    "property_precision": 0.995,
    "relationship_recall": 0.98,
    "property_type_agreement": 0.995,
    "types_present": 0.98,
}

_DOC_TYPE = re.compile(r"^doc_type\s*:\s*(.*)$", re.M)


# --- helpers -----------------------------------------------------------------------------------

def pct(n: int, d: int) -> float | None:
    return None if d == 0 else n / d


def fmt(x: float | None) -> str:
    return "   n/a" if x is None else f"{100 * x:6.2f}%"


def verdict(x: float | None, key: str) -> str:
    th = THRESHOLDS[key]
    if x is None:
        return f"(goal >= {100 * th:g}%)"
    return f"(goal >= {100 * th:g}%: {'ok' if x >= th else 'MISS'})"


def front_doc_type(path: Path) -> str:
    """The front matter's doc_type, normalised like docgen does (quotes and stray underscores dropped)."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    m = _DOC_TYPE.search(text[: end if end > 0 else 4000])
    return m.group(1).strip().strip("\"'_ ").rstrip("_").lower() if m else ""


def short_name(t: str | None) -> str | None:
    """Type name for comparison: ``Edm.X`` kept whole, named types without namespace; lower case."""
    if t is None:
        return None
    t = t.strip()
    if t.lower().startswith("edm."):
        return t.lower()
    return t.rsplit(".", 1)[-1].lower()


class IRIndex:
    """The IR's types by lower-case qualified name, with inheritance flattening."""

    def __init__(self, doc) -> None:
        self.by_qual = {t.qualified_name.lower(): t for t in doc.types}
        self.by_name: dict[str, list] = defaultdict(list)
        for t in doc.types:
            self.by_name[t.name.lower()].append(t)

    def chain(self, t) -> list:
        out, seen = [], set()
        while t is not None and t.qualified_name.lower() not in seen:
            seen.add(t.qualified_name.lower())
            out.append(t)
            t = self.by_qual.get(t.base.lower()) if t.base else None
        return out

    def flatten(self, t, attr: str) -> dict[str, tuple]:
        """lower name -> (Property, declaring IR type), derived type first."""
        out: dict[str, tuple] = {}
        for c in self.chain(t):
            for p in getattr(c, attr):
                out.setdefault(p.name.lower(), (p, c))
        return out


def is_ir13_addition(entry: tuple, json_fallback: set[str]) -> bool:
    """A flattened member IR 1.3 added: stated only in a JSON representation beside a table, or
    inferred from request URLs. (A type with no table and only a JSON representation was read
    before IR 1.3: those members stay in the "tables" population.)"""
    prop, owner = entry
    origin = getattr(prop, "origin", "table")
    return origin == "request_url" or (origin == "json_representation" and owner.name.lower() not in json_fallback)


def defining_page(t) -> str | None:
    """The page that defines a type: the source named after it (user.md, callrecords-endpoint.md), else the first."""
    stem = t.name.lower()
    srcs = t.sources or ([t.source] if t.source else [])
    names = [(s.file, s.file.replace("\\", "/").rsplit("/", 1)[-1].lower()) for s in srcs]
    for exact in (True, False):
        for file, name in names:
            if name == f"{stem}.md" if exact else name.endswith(f"-{stem}.md"):
                return file
    return t.source.file if t.source else (srcs[0].file if srcs else None)


class PageText:
    """Where a name appears on a type's pages: a table row, only the JSON representation, or nowhere."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self.cache: dict[str, list[str]] = {}

    def lines(self, file: str) -> list[str]:
        if file not in self.cache:
            try:
                self.cache[file] = (self.corpus / file).read_text(encoding="utf-8-sig", errors="replace").split("\n")
            except OSError:
                self.cache[file] = []
        return self.cache[file]

    def locate(self, files: list[str], name: str) -> str:
        row = re.compile(r"^\s*\|?\s*[*`_]*\[?" + re.escape(name) + r"[*`_\]]*\s*\|\s*[^|\s]", re.I)  # name cell, then a non-empty cell
        key = re.compile(r'^\s*"' + re.escape(name) + r'"\s*:')
        json_hit = None
        for f in files:
            in_comment = False
            for i, line in enumerate(self.lines(f)):
                was_in = in_comment
                if "<!--" in line:
                    in_comment = "-->" not in line.rsplit("<!--", 1)[1]
                elif "-->" in line:
                    in_comment = False
                    continue
                if was_in or in_comment:  # <!-- ... --> text is not shown on the page
                    continue
                if row.match(line):
                    return f"table row {f}:{i + 1}"
                if json_hit is None and key.match(line):
                    json_hit = f"JSON only {f}:{i + 1}"
        return json_hit or "not on the page"


def only_from_request_bodies(t) -> bool:
    srcs = t.sources or ([t.source] if t.source else [])
    return bool(srcs) and all("/api/" in s.file.replace("\\", "/") for s in srcs)


# --- the benchmark -----------------------------------------------------------------------------

def run(corpus: Path, jobs: int) -> tuple[dict, dict]:
    from docgen.pipeline import parse_paths

    meta = csdl.read(corpus / "metadata-v1.0.xml")
    cwd = os.getcwd()
    os.chdir(corpus)  # IR source files read "docs/api/x.md"
    try:
        t0 = time.perf_counter()
        doc = parse_paths(["docs"], jobs=jobs)
        parse_seconds = time.perf_counter() - t0
    finally:
        os.chdir(cwd)
    figures, details = compare(doc, meta, corpus)
    figures.update({"corpus": str(corpus), "parse_seconds": round(parse_seconds, 2), "jobs": jobs})
    return figures, details


def compare(doc, meta: dict, corpus: Path) -> tuple[dict, dict]:
    """Figures and details for an IR document (source files named ``docs/...``) against the metadata."""
    ir = IRIndex(doc)
    text = PageText(corpus)
    figures: dict = {}
    details: dict = {}

    # types present --------------------------------------------------------------------------
    structural = {q: t for q, t in meta.items() if t.kind in ("entity", "complex")}
    enums = {q: t for q, t in meta.items() if t.kind == "enum"}
    present: dict[str, object] = {}
    other_ns: dict[str, list[str]] = {}
    missing_types: list[str] = []
    weak: list[str] = []
    kind_mismatch: list[tuple[str, str, str]] = []
    for q, mt in sorted(structural.items()):
        it = ir.by_qual.get(q.lower())
        if it is not None and it.kind != "enum":
            present[q] = it
            if only_from_request_bodies(it):
                weak.append(q)
            if it.kind != mt.kind:
                kind_mismatch.append((q, mt.kind, it.kind))
            continue
        cands = [t.qualified_name for t in ir.by_name.get(mt.name.lower(), []) if t.kind != "enum"]
        if cands:
            other_ns[q] = cands
        missing_types.append(q)
    by_kind = Counter(structural[q].kind for q in present)
    total_kind = Counter(t.kind for t in structural.values())
    figures["types"] = {
        "metadata_entity_complex": len(structural),
        "present": len(present),
        "present_share": pct(len(present), len(structural)),
        "present_entity": by_kind["entity"],
        "metadata_entity": total_kind["entity"],
        "present_complex": by_kind["complex"],
        "metadata_complex": total_kind["complex"],
        "present_only_from_request_bodies": len(weak),
        "name_only_in_other_namespace": len(other_ns),
        "missing": len(missing_types),
        "kind_mismatch": len(kind_mismatch),
    }
    details["missing_types"] = missing_types
    details["types_in_other_namespace"] = other_ns
    details["types_only_from_request_bodies"] = weak
    details["kind_mismatch"] = kind_mismatch
    base_same, base_none, base_wrong, base_extra = 0, [], [], []
    for q, it in present.items():
        mb, ib = structural[q].base, it.base
        if mb and ib and mb.lower() == ib.lower():
            base_same += 1
        elif mb and not ib:
            base_none.append(q)
        elif ib and (not mb or mb.lower() != ib.lower()):
            (base_wrong if mb else base_extra).append((q, ib, mb, defining_page(it)))
    figures["types"]["base_agrees"] = base_same
    figures["types"]["base_missing_in_ir"] = len(base_none)
    figures["types"]["base_differs"] = len(base_wrong)
    figures["types"]["base_where_metadata_has_none"] = len(base_extra)
    details["base_missing_in_ir"] = sorted(base_none)
    details["base_differs"] = sorted(base_wrong) + sorted(base_extra)
    meta_names_lower = {q.lower() for q in meta}
    ir_not_in_meta = sorted(t.qualified_name for t in doc.types if t.qualified_name.lower() not in meta_names_lower)
    figures["types"]["ir_types"] = len(doc.types)
    figures["types"]["ir_types_not_in_metadata"] = len(ir_not_in_meta)
    details["ir_types_not_in_metadata"] = ir_not_in_meta

    enum_present = {q: ir.by_qual[q.lower()] for q in enums if q.lower() in ir.by_qual and ir.by_qual[q.lower()].kind == "enum"}
    enum_anywhere = {q for q in enums if q.lower() in ir.by_qual}
    figures["enums"] = {
        "metadata_enums": len(enums),
        "present": len(enum_present),
        "present_share": pct(len(enum_present), len(enums)),
        "present_but_not_enum_kind": len(enum_anywhere) - len(enum_present),
    }
    details["missing_enums"] = sorted(q for q in enums if q not in enum_present)

    # properties and relationships -----------------------------------------------------------
    c = Counter()
    # types whose every property comes from the JSON representation (DG506), not "JSON only beside a table"
    json_fallback = {t.name.lower() for t in doc.types if t.properties and all(getattr(p, "origin", "table") == "json_representation" for p in t.properties)}
    per_type: dict[str, dict] = {}
    type_disagree: list[dict] = []
    coll_disagree: list[dict] = []
    for q, it in sorted(present.items()):
        mprops, mnavs = csdl.flatten(meta, q)
        mp = {p[0].lower(): p for p in mprops}
        mn = {n[0].lower(): n for n in mnavs}
        ip = ir.flatten(it, "properties")
        ir_ = ir.flatten(it, "relationships")
        matched = mp.keys() & ip.keys()
        c["meta_props"] += len(mp)
        c["ir_props"] += len(ip)
        c["matched_props"] += len(matched)
        c["props_misfiled_nav"] += len(ip.keys() & mn.keys())
        c["rels_misfiled_prop"] += len(ir_.keys() & mp.keys())
        c["meta_navs"] += len(mn)
        c["ir_rels"] += len(ir_)
        c["matched_navs"] += len(mn.keys() & ir_.keys())
        c["props_anywhere"] += len(mp.keys() & (ip.keys() | ir_.keys()))
        # members the IR has from the JSON representation only, or inferred from request URLs (IR 1.3)
        for p in it.properties:
            if getattr(p, "origin", "table") == "json_representation" and it.name.lower() not in json_fallback:
                c["json_only"] += 1
                c["json_only_in_meta"] += p.name.lower() in mp
        for p in it.relationships:
            if getattr(p, "origin", "table") == "request_url":
                c["inferred"] += 1
                c["inferred_in_meta"] += p.name.lower() in mn
        c["navs_anywhere"] += len(mn.keys() & (ip.keys() | ir_.keys()))
        # the same figures over the members read from tables (and whole-JSON pages) only, the
        # population these figures covered before IR 1.3 added JSON-only and URL-inferred members
        ip_t = {k: v for k, v in ip.items() if not is_ir13_addition(v, json_fallback)}
        ir_t = {k: v for k, v in ir_.items() if not is_ir13_addition(v, json_fallback)}
        c["ir_props_tables"] += len(ip_t)
        c["matched_props_tables"] += len(mp.keys() & ip_t.keys())
        c["ir_rels_tables"] += len(ir_t)
        c["matched_navs_tables"] += len(mn.keys() & ir_t.keys())
        for k in sorted(matched):
            p, owner = ip[k]
            mname, mtype, mcoll = mp[k]
            c["typed"] += 1
            a, b = short_name(p.type), short_name(mtype)
            row = {"type": q, "property": mname, "ir": p.type, "ir_collection": p.collection,
                   "as_written": p.type_as_written, "metadata": mtype, "metadata_collection": mcoll,
                   "source": f"{p.source.file}:{p.source.line}" if p.source else owner.qualified_name}
            if a == b:
                c["type_agree"] += 1
            else:
                type_disagree.append(row)
                if p.type is None:
                    c["type_none"] += 1
            if bool(p.collection) == bool(mcoll):
                c["coll_agree"] += 1
            else:
                coll_disagree.append(row)
        for k in sorted(mn.keys() & ir_.keys()):
            p, _ = ir_[k]
            c["nav_typed"] += 1
            if short_name(p.type) == short_name(mn[k][1]):
                c["nav_type_agree"] += 1
            if bool(p.collection) == bool(mn[k][2]):
                c["nav_coll_agree"] += 1
        # attribution of mismatches to one page (no double counting through inheritance)
        mt = meta[q]
        own_meta = {p[0].lower() for p in mt.properties}
        own_ir = {p.name.lower() for p in it.properties}
        own_meta_nav = {n[0].lower() for n in mt.navigation}
        own_ir_rel = {p.name.lower() for p in it.relationships}

        def declared_by_absent_base(name: str, nav: bool) -> bool:
            for b in csdl.chain(meta, q)[1:]:
                names = {x[0].lower() for x in (b.navigation if nav else b.properties)}
                if name in names:
                    return b.qualified_name not in present
            return False

        missing = sorted(mp[k][0] for k in mp.keys() - ip.keys() if k in own_meta or declared_by_absent_base(k, False))
        extra = sorted(ip[k][0].name for k in ip.keys() - mp.keys() if k in own_ir)
        missing_nav = sorted(mn[k][0] for k in mn.keys() - ir_.keys() if k in own_meta_nav or declared_by_absent_base(k, True))
        extra_rel = sorted(ir_[k][0].name for k in ir_.keys() - mn.keys() if k in own_ir_rel)
        per_type[q] = {
            "page": defining_page(it),
            "missing_properties": missing,
            "extra_properties": extra,
            "missing_relationships": missing_nav,
            "extra_relationships": extra_rel,
            "flat_missing_properties": sorted(mp[k][0] for k in mp.keys() - ip.keys()),
            "flat_extra_properties": sorted(ip[k][0].name for k in ip.keys() - mp.keys()),
        }
        files = sorted({s.file for s in (it.sources or [])} | ({per_type[q]["page"]} if per_type[q]["page"] else set()))
        per_type[q]["missing_properties_where"] = {n: text.locate(files, n) for n in missing}
        per_type[q]["missing_relationships_where"] = {n: text.locate(files, n) for n in missing_nav}
    figures["properties"] = {
        "types_compared": len(present),
        "metadata_properties": c["meta_props"],
        "ir_properties": c["ir_props"],
        "matched": c["matched_props"],
        "recall": pct(c["matched_props"], c["meta_props"]),
        "precision": pct(c["matched_props"], c["ir_props"]),
        "ir_properties_that_are_metadata_navigation": c["props_misfiled_nav"],
        "ir_relationships_that_are_metadata_properties": c["rels_misfiled_prop"],
        "recall_in_either_table": pct(c["props_anywhere"], c["meta_props"]),
        "missing_attributed": sum(len(v["missing_properties"]) for v in per_type.values()),
        "missing_attributed_where": dict(Counter(w.split(" ")[0] + " " + w.split(" ")[1] for v in per_type.values() for w in v["missing_properties_where"].values())),
        "extra_attributed": sum(len(v["extra_properties"]) for v in per_type.values()),
        "precision_tables_only": pct(c["matched_props_tables"], c["ir_props_tables"]),
        "matched_tables_only": c["matched_props_tables"],
        "ir_properties_tables_only": c["ir_props_tables"],
        "json_only_beside_a_table": c["json_only"],
        "json_only_beside_a_table_in_metadata": c["json_only_in_meta"],
    }
    figures["relationships"] = {
        "metadata_navigation": c["meta_navs"],
        "ir_relationships": c["ir_rels"],
        "matched": c["matched_navs"],
        "recall": pct(c["matched_navs"], c["meta_navs"]),
        "precision": pct(c["matched_navs"], c["ir_rels"]),
        "recall_in_either_table": pct(c["navs_anywhere"], c["meta_navs"]),
        "type_agreement": pct(c["nav_type_agree"], c["nav_typed"]),
        "collection_agreement": pct(c["nav_coll_agree"], c["nav_typed"]),
        "missing_attributed": sum(len(v["missing_relationships"]) for v in per_type.values()),
        "missing_attributed_where": dict(Counter(w.split(" ")[0] + " " + w.split(" ")[1] for v in per_type.values() for w in v["missing_relationships_where"].values())),
        "extra_attributed": sum(len(v["extra_relationships"]) for v in per_type.values()),
        "precision_tables_only": pct(c["matched_navs_tables"], c["ir_rels_tables"]),
        "matched_tables_only": c["matched_navs_tables"],
        "ir_relationships_tables_only": c["ir_rels_tables"],
        "inferred_from_request_urls": c["inferred"],
        "inferred_from_request_urls_in_metadata": c["inferred_in_meta"],
    }
    figures["property_types"] = {
        "matched_properties": c["typed"],
        "agree": c["type_agree"],
        "agreement": pct(c["type_agree"], c["typed"]),
        "ir_type_none": c["type_none"],
        "collection_agree": c["coll_agree"],
        "collection_agreement": pct(c["coll_agree"], c["typed"]),
    }
    details["per_type"] = per_type
    details["type_disagreements"] = type_disagree
    details["collection_disagreements"] = coll_disagree

    # enum members ---------------------------------------------------------------------------
    e = Counter()
    enum_mismatch = {}
    for q, it in sorted(enum_present.items()):
        mm = {m.lower(): m for m in meta[q].members}
        im = {m.name.lower(): m.name for m in it.members}
        e["meta"] += len(mm)
        e["ir"] += len(im)
        e["matched"] += len(mm.keys() & im.keys())
        miss, extra = sorted(mm[k] for k in mm.keys() - im.keys()), sorted(im[k] for k in im.keys() - mm.keys())
        if miss or extra:
            enum_mismatch[q] = {"page": defining_page(it), "missing": miss, "extra": extra}
    figures["enum_members"] = {
        "metadata_members": e["meta"],
        "ir_members": e["ir"],
        "matched": e["matched"],
        "recall": pct(e["matched"], e["meta"]),
        "precision": pct(e["matched"], e["ir"]),
    }
    details["enum_mismatches"] = enum_mismatch

    # API pages ------------------------------------------------------------------------------
    diags_by_file: dict[str, list] = defaultdict(list)
    for d in doc.diagnostics:
        diags_by_file[d.source.file].append(d)
    ops_by_file: dict[str, list] = defaultdict(list)
    for op in doc.operations:
        if op.source:
            ops_by_file[op.source.file].append(op)
    api_pages = sorted(
        p.relative_to(corpus).as_posix() for p in (corpus / "docs").rglob("*.md") if front_doc_type(p) == "apipagetype"
    )
    without = []
    for f in api_pages:
        ok = any(r.method and r.path for op in ops_by_file.get(f, []) for r in op.requests)
        if not ok:
            ds = diags_by_file.get(f, [])
            why = [f"{d.code} line {d.source.line}: {d.message}" for d in ds if d.code.startswith(("DG1", "DG2", "DG3"))]
            if not ops_by_file.get(f):
                why.insert(0, "no operation in the IR for this page")
            without.append({"file": f, "why": why or ["(no diagnostic)"]})
    # the same over the pages in docs/api, whatever their front matter says
    in_api_dir = sorted(p.relative_to(corpus).as_posix() for p in (corpus / "docs" / "api").rglob("*.md"))
    api_dir_without = [
        f for f in in_api_dir if not any(r.method and r.path for op in ops_by_file.get(f, []) for r in op.requests)
    ]
    figures["api_pages"] = {
        "pages": len(api_pages),
        "with_operation": len(api_pages) - len(without),
        "share": pct(len(api_pages) - len(without), len(api_pages)),
        "api_pages_in_resources_dir": sum(1 for f in api_pages if "/resources/" in f),
        "docs_api_dir_pages": len(in_api_dir),
        "docs_api_dir_with_operation": len(in_api_dir) - len(api_dir_without),
        "docs_api_dir_share": pct(len(in_api_dir) - len(api_dir_without), len(in_api_dir)),
    }
    details["api_pages_without_operation"] = without
    details["docs_api_dir_pages_without_operation"] = api_dir_without

    # worst resource pages -------------------------------------------------------------------
    by_page: dict[str, dict] = defaultdict(lambda: {"types": [], "missing": [], "extra": [], "where": {}})
    for q, v in per_type.items():
        page = v["page"] or "?"
        if "/api/" in page:  # a type known only from a request body has no resource page
            continue
        by_page[page]["types"].append(q.rsplit(".", 1)[-1])
        by_page[page]["missing"] += v["missing_properties"]
        by_page[page]["extra"] += v["extra_properties"]
        by_page[page]["where"].update(v["missing_properties_where"])
    worst = sorted(by_page.items(), key=lambda kv: (-(len(kv[1]["missing"]) + len(kv[1]["extra"])), kv[0]))
    details["worst_pages"] = [{"page": k, **v} for k, v in worst[:20] if v["missing"] or v["extra"]]
    return figures, details


# --- output ------------------------------------------------------------------------------------

def where(counts: dict) -> str:
    order = ("table row", "JSON only", "not on")
    names = {"table row": "in a table row (docgen misses it)", "JSON only": "only in the JSON representation", "not on": "not on the page (docs gap)"}
    return "; ".join(f"{counts.get(k, 0)} {names[k]}" for k in order)


def report(fig: dict, det: dict, show_details: bool) -> None:
    t, en, p, r, pt, em, api = (fig[k] for k in ("types", "enums", "properties", "relationships", "property_types", "enum_members", "api_pages"))
    print(f"docgen accuracy vs metadata ({fig['corpus']}); parse took {fig['parse_seconds']} s with jobs={fig['jobs']}")
    print()
    print("TYPES (metadata entity+complex types whose namespace+name, case-insensitive, is an IR entity/complex type)")
    print(f"  present                          {t['present']:5d}/{t['metadata_entity_complex']:<5d} {fmt(t['present_share'])}  {verdict(t['present_share'], 'types_present')}")
    print(f"    entity                         {t['present_entity']:5d}/{t['metadata_entity']:<5d}")
    print(f"    complex                        {t['present_complex']:5d}/{t['metadata_complex']:<5d}")
    print(f"    of which known only from request-body tables: {t['present_only_from_request_bodies']}")
    print(f"    of which IR kind differs (entity vs complex): {t['kind_mismatch']}")
    print(f"    base type: same as metadata {t['base_agrees']}, none in IR {t['base_missing_in_ir']}, different {t['base_differs']}, "
          f"IR has one the metadata lacks {t['base_where_metadata_has_none']}")
    for q, ib, mb, page in det["base_differs"]:
        print(f"      {q.rsplit('.', 1)[-1]}: IR base {ib}, metadata {mb} ({page})")
    print(f"  missing, but same name in another IR namespace: {t['name_only_in_other_namespace']}")
    print(f"  IR types with no metadata counterpart:          {t['ir_types_not_in_metadata']} (of {t['ir_types']} IR types)")
    print(f"  enum types present               {en['present']:5d}/{en['metadata_enums']:<5d} {fmt(en['present_share'])}"
          f"  (+{en['present_but_not_enum_kind']} present with a non-enum kind)")
    print()
    print(f"PROPERTIES over the {p['types_compared']} metadata types present; inheritance flattened on both sides")
    print("  recall    = matched names / metadata structural properties (<Property>)")
    print("  precision = matched names / IR properties (Type.properties) of those types")
    print(f"  recall                           {p['matched']:5d}/{p['metadata_properties']:<5d} {fmt(p['recall'])}  {verdict(p['recall'], 'property_recall')}")
    print(f"  precision                        {p['matched']:5d}/{p['ir_properties']:<5d} {fmt(p['precision'])}  {verdict(p['precision'], 'property_precision')}")
    print(f"    of members read from tables    {p['matched_tables_only']:5d}/{p['ir_properties_tables_only']:<5d} {fmt(p['precision_tables_only'])}  (JSON-only members beside a table left out)")
    print(f"  IR properties that are metadata navigation properties (misfiled): {p['ir_properties_that_are_metadata_navigation']}")
    print(f"  IR relationships that are metadata structural properties:         {p['ir_relationships_that_are_metadata_properties']}")
    print(f"  recall if IR properties+relationships are pooled: {fmt(p['recall_in_either_table'])}")
    print(f"  without inheritance double counting: {p['missing_attributed']} missing, {p['extra_attributed']} extra")
    print(f"    the missing ones on their pages: {where(p['missing_attributed_where'])}")
    print(f"  declared only in the JSON representation beside a table (DG508): {p['json_only_beside_a_table']}, of which metadata properties: {p['json_only_beside_a_table_in_metadata']}")
    print()
    print("RELATIONSHIPS (metadata <NavigationProperty> vs IR Type.relationships), flattened")
    print(f"  recall                           {r['matched']:5d}/{r['metadata_navigation']:<5d} {fmt(r['recall'])}  {verdict(r['recall'], 'relationship_recall')}")
    print(f"  precision                        {r['matched']:5d}/{r['ir_relationships']:<5d} {fmt(r['precision'])}")
    print(f"    of members read from tables    {r['matched_tables_only']:5d}/{r['ir_relationships_tables_only']:<5d} {fmt(r['precision_tables_only'])}  (relationships inferred from request URLs left out)")
    print(f"  recall if IR properties+relationships are pooled: {fmt(r['recall_in_either_table'])}")
    print(f"  type agreement {fmt(r['type_agreement'])}, collection agreement {fmt(r['collection_agreement'])}")
    print(f"  without inheritance double counting: {r['missing_attributed']} missing, {r['extra_attributed']} extra")
    print(f"    the missing ones on their pages: {where(r['missing_attributed_where'])}")
    print(f"  inferred from request URLs (origin request_url): {r['inferred_from_request_urls']}, of which metadata navigation properties: {r['inferred_from_request_urls_in_metadata']}")
    print()
    print("PROPERTY TYPES among matched properties (Edm.X vs Edm.X; named types by name, namespace ignored; case-insensitive)")
    print(f"  type agrees                      {pt['agree']:5d}/{pt['matched_properties']:<5d} {fmt(pt['agreement'])}  {verdict(pt['agreement'], 'property_type_agreement')}")
    print(f"    IR gives no type: {pt['ir_type_none']}")
    print(f"  collection-ness agrees           {pt['collection_agree']:5d}/{pt['matched_properties']:<5d} {fmt(pt['collection_agreement'])}")
    print()
    print(f"ENUM MEMBERS over the {en['present']} metadata enums present")
    print(f"  recall                           {em['matched']:5d}/{em['metadata_members']:<5d} {fmt(em['recall'])}")
    print(f"  precision                        {em['matched']:5d}/{em['ir_members']:<5d} {fmt(em['precision'])}")
    print()
    print("API PAGES (front matter doc_type apiPageType) giving an operation with method and path")
    print(f"  with operation                   {api['with_operation']:5d}/{api['pages']:<5d} {fmt(api['share'])}  {verdict(api['share'], 'api_pages_with_operation')}")
    for row in det["api_pages_without_operation"]:
        print(f"    {row['file']}: {'; '.join(row['why'])}")
    print(f"  ({api['api_pages_in_resources_dir']} of these pages are in docs/resources.) All pages in docs/api, whatever their doc_type:")
    print(f"  with operation                   {api['docs_api_dir_with_operation']:5d}/{api['docs_api_dir_pages']:<5d} {fmt(api['docs_api_dir_share'])}")
    for f in det["docs_api_dir_pages_without_operation"]:
        print(f"    {f}")
    print()
    print("WORST RESOURCE PAGES by missing+extra properties (mismatches attributed to the declaring type)")
    for w in det["worst_pages"]:
        print(f"  {w['page']} [{', '.join(w['types'])}]: {len(w['missing'])} missing, {len(w['extra'])} extra")
        if w["missing"]:
            print(f"      missing: {', '.join(w['missing'])}")
            found = [f"{n} ({w['where'][n]})" for n in w["missing"] if not w["where"].get(n, "").startswith("not on")]
            if found:
                print(f"      of which on the page: {', '.join(found)}")
        if w["extra"]:
            print(f"      extra:   {', '.join(w['extra'])}")
    if not show_details:
        print()
        print("(--details prints missing types, per-type mismatches and type disagreements)")
        return
    print()
    print(f"MISSING TYPES ({len(det['missing_types'])})")
    for q in det["missing_types"]:
        other = det["types_in_other_namespace"].get(q)
        print(f"  {q}" + (f"  (IR has {', '.join(other)})" if other else ""))
    print()
    print(f"MISSING ENUMS ({len(det['missing_enums'])})")
    for q in det["missing_enums"]:
        print(f"  {q}")
    print()
    print("PER-TYPE MISMATCHES")
    for q, v in sorted(det["per_type"].items()):
        parts = []
        for k in ("missing_properties", "extra_properties", "missing_relationships", "extra_relationships"):
            if not v[k]:
                continue
            w = v.get(k + "_where", {})
            parts.append(f"{k.replace('_', ' ')}: " + ", ".join(f"{n} ({w[n]})" if n in w and not w[n].startswith("not on") else n for n in v[k]))
        if parts:
            print(f"  {q} ({v['page']})")
            for s in parts:
                print(f"      {s}")
    print()
    print(f"TYPE DISAGREEMENTS ({len(det['type_disagreements'])})")
    for row in det["type_disagreements"]:
        print(f"  {row['source']} {row['type'].rsplit('.', 1)[-1]}.{row['property']}: IR {row['ir']} (written {row['as_written']!r}), metadata {row['metadata']}")
    print()
    print(f"COLLECTION DISAGREEMENTS ({len(det['collection_disagreements'])})")
    for row in det["collection_disagreements"]:
        print(f"  {row['source']} {row['type'].rsplit('.', 1)[-1]}.{row['property']}: IR collection={row['ir_collection']} (written {row['as_written']!r}), metadata collection={row['metadata_collection']}")
    print()
    print(f"ENUM MEMBER MISMATCHES ({len(det['enum_mismatches'])} enums)")
    for q, v in det["enum_mismatches"].items():
        print(f"  {q} ({v['page']}): missing {v['missing']} extra {v['extra']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "graph-v1.0")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the parse (default 2)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="write all figures (and details) as JSON")
    ap.add_argument("--details", action="store_true", help="print per-type mismatches")
    args = ap.parse_args(argv)
    corpus = args.corpus.resolve()
    if not (corpus / "docs").is_dir() or not (corpus / "metadata-v1.0.xml").is_file():
        print(f"accuracy: corpus not found at {corpus} (needs docs/ and metadata-v1.0.xml); pass --corpus DIR", file=sys.stderr)
        return 2
    figures, details = run(corpus, args.jobs)
    report(figures, details, args.details)
    if args.json:
        args.json.write_text(json.dumps({"thresholds": THRESHOLDS, "figures": figures, "details": details}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
