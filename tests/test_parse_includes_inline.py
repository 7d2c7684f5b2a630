"""DocFX inline includes (``... [!INCLUDE [label](path)] ...`` inside a sentence or a table cell):
the file's text replaces the include in its line, resolved relative to the including file; missing
files (DG105), cycles (DG106) and files that are not one paragraph (DG110) are diagnostics at the
right file and line; fact-free includes leave nothing; the parse cache, the build's no-op check and
``docgen diff`` see an edit of an inline-included file as an edit of the page.

The tree under tests/fixtures/docfx-inline is written for these tests (see its README.md); the
expected values below are read off those files by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from docgen import pipeline
from docgen.cli import main
from docgen.generate.client import least_privileged_doc
from docgen.parse import includes as inc
from docgen.pipeline import find_specs_named, parse_bytes, parse_paths

TREE = Path(__file__).parent / "fixtures" / "docfx-inline"
GET = "docs/api/gizmo-get.md"
GIZMO = "docs/resources/gizmo.md"
APP_LEAST = "docs/includes/permissions/gizmo-app-least.md"


def _doc(monkeypatch, root: Path = TREE):
    monkeypatch.chdir(root)
    return parse_paths(["."], jobs=1)


def _op(doc, op_id):
    return next(o for o in doc.operations if o.id == op_id)


def _type(doc, name):
    return next(t for t in doc.types if t.name == name)


def test_include_files_are_not_pages(monkeypatch):
    monkeypatch.chdir(TREE)
    assert [name for _, name in find_specs_named(["."])] == [GET, GIZMO]


def test_inline_text_replaces_the_include_in_descriptions_nested_includes_resolved_from_the_include(monkeypatch):
    doc = _doc(monkeypatch)
    # gizmo-scope.md (front matter, an HTML comment, then "in a [!INCLUDE ...](workspace-term.md)")
    # includes docs/includes/workspace-term.md, named relative to itself
    assert _op(doc, "gizmo-get").description == "Read a gizmo in a team workspace."
    assert _type(doc, "gizmo").description == "A small part in a team workspace."


def test_inline_includes_in_property_cells(monkeypatch):
    doc = _doc(monkeypatch)
    props = [(p.name, p.type, p.description, p.source.file, p.source.line) for p in _type(doc, "gizmo").properties]
    assert props == [
        # two paragraphs: joined into the cell (DG110 below)
        ("color", "Edm.String", "The color. Red or blue. Other colors are reserved.", GIZMO, 16),
        # the include's "|" stays inside the cell
        ("id", "Edm.String", "The identifier. Stable | never reused. Read-only.", GIZMO, 17),
        # the self-include inside gizmo-kind.md is cut (DG106); the rest of its text is there
        ("kind", "Edm.String", "The kind. One of the kinds listed.", GIZMO, 18),
        # missing: nothing inserted (DG105)
        ("name", "Edm.String", "The name.", GIZMO, 19),
        # inside a code span: text, not an include (no DG105 for y.md)
        ("size", "Edm.Int32", "The size. [!INCLUDE x] is how a page includes a file.", GIZMO, 20),
    ]


def test_diagnostics_at_the_include_and_in_the_include_file(monkeypatch):
    doc = _doc(monkeypatch)
    got = sorted((d.code, d.level, d.source.file, d.source.line, d.message) for d in doc.diagnostics)
    assert got == [
        ("DG105", "warning", GIZMO, 19, "include file '../includes/gizmo-name.md' (gizmo-name) is missing"),
        ("DG106", "warning", "docs/includes/gizmo-kind.md", 1,
         "include 'gizmo-kind.md' not expanded: docs/resources/gizmo.md -> docs/includes/gizmo-kind.md -> docs/includes/gizmo-kind.md"),
        ("DG110", "warning", GIZMO, 16,
         "inline include '../includes/gizmo-color.md' holds 2 paragraphs; its text was joined into this line, as DocFX renders it"),
    ]


def test_a_permission_cell_from_an_inline_include_and_a_fact_free_note_in_a_cell(monkeypatch):
    op = _op(_doc(monkeypatch), "gizmo-get")
    perms = [(p.type, p.status, [(a.scopes, a.least_privileged) for a in p.alternatives], p.source.file, p.source.line) for p in op.permissions]
    assert perms == [
        # "Gizmo.Read [!INCLUDE [gizmo-consent-note](...)]": a note, never read (the file is not there), no trace
        ("delegated_work", "supported", [(["Gizmo.Read"], True), (["Gizmo.ReadWrite"], False)], GET, 18),
        ("delegated_personal", "not_supported", [], GET, 19),
        # the least privileged cell is the include's text: Gizmo.Read.All; the row is the page's line
        ("application", "supported", [(["Gizmo.Read.All"], True), (["Gizmo.ReadWrite.All"], False)], GET, 20),
    ]
    assert least_privileged_doc(op) == (
        "Least privileged permissions: delegated (work or school account): Gizmo.Read; application: Gizmo.Read.All."
    )


def test_nothing_inserted_leaves_one_space_and_line_numbers_stay():
    page = (
        "# T\n\nA. [!INCLUDE [x-note](n.md)] B.\nEnd [!INCLUDE [gone](g.md)]\n"
        "[!INCLUDE [gone](g.md)] start.\nCode `[!INCLUDE [a](a.md)]` here.\nWord[!INCLUDE [a](a.md)]word.\n"
    )
    ex = inc.expand(page, "api/p.md", inc.MapIncludes({"api/a.md": b"---\nms.topic: include\n---\n  one  \n"}))
    assert ex.text.split("\n") == [
        "# T", "", "A. B.", "End", "start.", "Code `[!INCLUDE [a](a.md)]` here.", "Wordoneword.", "",
    ]
    assert ex.origin is None  # nothing moved: sources stay where they are
    assert [(d.code, d.source.line) for d in ex.diagnostics] == [("DG105", 4), ("DG105", 5)]


def test_a_list_items_include_is_a_block_include_and_its_lines_point_into_the_file():
    page = b"# Get x\n\n## Permissions\n\n- [!INCLUDE [app-row](row.md)]\n\n## HTTP request\n\n```http\nGET /x\n```\n"
    row = b"---\nms.topic: include\n---\nApplication - X.Read.All\n"
    result = parse_bytes(page, "api/x.md", inc.MapIncludes({"api/row.md": row}))
    assert [(p.type, p.scopes, p.source.file, p.source.line) for p in result.operation.permissions] == [
        ("application", ["X.Read.All"], "api/row.md", 4)
    ]


def test_an_inline_include_nested_too_deep_is_cut_at_its_line():
    files = {f"api/d{i}.md": f"level {i} [!INCLUDE [deep](d{i + 1}.md)]\n".encode() for i in range(20)}
    ex = inc.expand("# T\n\nStart [!INCLUDE [deep](d0.md)] end.\n", "api/p.md", inc.MapIncludes(files))
    levels = " ".join(f"level {i}" for i in range(inc.MAX_DEPTH - 1))
    assert ex.text.split("\n")[2] == f"Start {levels} end."
    assert [(d.code, d.source.file, d.source.line) for d in ex.diagnostics] == [("DG106", f"api/d{inc.MAX_DEPTH - 2}.md", 1)]


def test_dependencies_name_inline_included_files_nested_too():
    page = b"# T\n\nRead a gizmo [!INCLUDE [scope](s.md)].\n"
    files = {"api/s.md": b"in a [!INCLUDE [term](t.md)]\n", "api/t.md": b"workspace\n", "api/other.md": b"x\n"}
    base = inc.dependencies(page, "api/p.md", inc.MapIncludes(dict(files)))
    assert base != b""
    assert inc.dependencies(page, "api/p.md", inc.MapIncludes({**files, "api/other.md": b"y\n"})) == base
    assert inc.dependencies(page, "api/p.md", inc.MapIncludes({**files, "api/t.md": b"folder\n"})) != base
    assert inc.dependencies(page, "api/p.md", inc.MapIncludes({**files, "api/s.md": b"in a team\n"})) != base
    # a fact-free label is never read, inline or not
    assert inc.dependencies(b"# T\n\nA [!INCLUDE [x-note](n.md)] b.\n", "api/p.md", inc.MapIncludes({})) == b""


def _copy(tmp_path: Path, name: str = "tree") -> Path:
    root = tmp_path / name
    shutil.copytree(TREE, root)
    return root


def _edit_app_least(root: Path, scope: str = "Gizmo.Peek.All") -> None:
    f = root / APP_LEAST
    f.write_text(f.read_text(encoding="utf-8").replace("Gizmo.Read.All", scope), encoding="utf-8")


def test_parse_cache_reparses_the_page_when_an_inline_included_file_changes(tmp_path, monkeypatch, parsed_pages):
    root = _copy(tmp_path)
    monkeypatch.chdir(root)
    parsed = parsed_pages
    store = tmp_path / "cache"
    pipeline.build_document(pipeline.read_specs(["docs"]), cache_dir=store, jobs=1)
    assert sorted(parsed) == [GET, GIZMO]
    parsed.clear()
    pipeline.build_document(pipeline.read_specs(["docs"]), cache_dir=store, jobs=1)
    assert parsed == []
    _edit_app_least(root)
    again = pipeline.build_document(pipeline.read_specs(["docs"]), cache_dir=store, jobs=1)
    assert parsed == [GET]
    app = next(p for p in _op(again, "gizmo-get").permissions if p.type == "application")
    assert app.scopes == ["Gizmo.Peek.All", "Gizmo.ReadWrite.All"]
    # a nested inline include (workspace-term.md, included by gizmo-scope.md) reaches both pages
    parsed.clear()
    (root / "docs/includes/workspace-term.md").write_text("shared folder\n", encoding="utf-8")
    again = pipeline.build_document(pipeline.read_specs(["docs"]), cache_dir=store, jobs=1)
    assert sorted(parsed) == [GET, GIZMO]
    assert _op(again, "gizmo-get").description == "Read a gizmo in a shared folder."


def test_diff_of_folders_sees_an_edited_inline_include(tmp_path, monkeypatch):
    base, rev = _copy(tmp_path, "base"), _copy(tmp_path, "rev")
    _edit_app_least(rev, "Gizmo.ReadWrite.All")  # the least privileged cell now names the higher scope
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["diff", "base/docs", "rev/docs", "-f", "json"])
    assert r.exit_code in (0, 1), r.output
    found = [(f["rule"], f["revision"]["file"], f["revision"]["line"]) for f in json.loads(r.stdout)["findings"] if f.get("revision")]
    # the row is stated on the page's line 20, the include's text is part of it
    assert ("permission-least-privileged-changed", "rev/docs/api/gizmo-get.md", 20) in found
