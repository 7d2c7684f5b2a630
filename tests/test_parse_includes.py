"""DocFX includes (``[!INCLUDE [label](path)]``): resolved relative to the including file,
recursively, cycles cut; sources point into include files; include files are not pages; the parse
cache and ``docgen diff`` see an edited include as an edit of every page that includes it.

The tree under tests/fixtures/docfx is written for these tests (see its README.md)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen import pipeline
from docgen.parse import includes as inc
from docgen.pipeline import find_specs_named, parse_bytes, parse_paths

TREE = Path(__file__).parent / "fixtures" / "docfx"
PERMS = "docs/includes/permissions/widget-get-permissions.md"


def _doc(monkeypatch, root: Path = TREE):
    monkeypatch.chdir(root)
    return parse_paths(["."], jobs=1)


def _op(doc, op_id):
    return next(o for o in doc.operations if o.id == op_id)


def _perms(op):
    return [(p.type, p.status, [(a.scopes, a.least_privileged) for a in p.alternatives]) for p in op.permissions]


def test_permissions_come_from_the_include_with_least_privileged_marked(monkeypatch):
    op = _op(_doc(monkeypatch), "widget-get")
    assert _perms(op) == [
        ("delegated_work", "supported", [(["Widget.Read"], True), (["Widget.ReadWrite"], False), (["Widget-Admin.Read.All"], False)]),
        ("delegated_personal", "not_supported", []),
        ("application", "supported", [(["Widget.Read.All"], True), (["Widget.ReadWrite.All"], False)]),
        ("robot", "supported", [(["Widget.Read.All"], True)]),
    ]
    # the rows are stated in the include file, on its lines 9..12 (front matter counted)
    assert [(p.source.file, p.source.line) for p in op.permissions] == [(PERMS, 9), (PERMS, 10), (PERMS, 11), (PERMS, 12)]


def test_diagnostics_inside_an_include_point_at_the_include_file(monkeypatch):
    doc = _doc(monkeypatch)
    robot = [d for d in doc.diagnostics if d.code == "DG403"]
    assert [(d.source.file, d.source.line) for d in robot] == [(PERMS, 12)]


def test_a_missing_include_is_a_warning_naming_it_at_the_include_line(monkeypatch):
    doc = _doc(monkeypatch)
    mine = [(d.code, d.level, d.source.line, d.message) for d in doc.diagnostics if d.source.file == "docs/api/widget-list.md"]
    assert ("DG105", "warning", 19, "include file '../includes/permissions/widget-list-permissions.md' (permissions-table) is missing") in mine
    # and the page states no permission: DG401 at its Permissions heading, although the heading exists
    assert ("DG401", "warning", 14, "the Permissions section states no permission docgen can read") in mine
    assert _op(doc, "widget-list").permissions == []


def test_includes_nest_and_a_cycle_is_cut_with_a_warning(monkeypatch):
    doc = _doc(monkeypatch)
    op = _op(doc, "gadget-get")
    assert [(p.type, p.scopes, p.source.file, p.source.line) for p in op.permissions] == [
        ("delegated_work", ["Gadget.Read", "Gadget.ReadWrite"], "docs/includes/permissions/gadget-get-permissions.md", 3),
        ("application", ["Gadget.Read.All"], "docs/includes/permissions/gadget-application.md", 3),
    ]
    cycle = [d for d in doc.diagnostics if d.code == "DG106"]
    assert len(cycle) == 1
    assert (cycle[0].source.file, cycle[0].source.line) == ("docs/includes/permissions/gadget-application.md", 5)
    assert "gadget-get-permissions.md -> docs/includes/permissions/gadget-application.md -> docs/includes/permissions/gadget-get-permissions.md" in cycle[0].message


def test_fact_free_includes_leave_no_trace(monkeypatch):
    doc = _doc(monkeypatch)
    op = _op(doc, "widget-get")
    # snippet tabs, snippet-not-available and a (missing) note include: no diagnostic, no text
    # (DG702: the tree has no resource page for widget; linking, not includes)
    assert not [d for d in doc.diagnostics if d.source.file == "docs/api/widget-get.md" and d.code != "DG702"]
    assert op.description == "Read the properties of a widget."
    assert [e.name for e in op.examples] == ["get_widget"]
    assert op.examples[0].response.status == 200
    assert op.no_request_body is True


def test_national_clouds_from_the_include_table_or_its_well_known_name(monkeypatch):
    doc = _doc(monkeypatch)
    # includes/global-us.md is there: its table says no China
    assert _op(doc, "widget-get").national_clouds == ["global", "us_gov_l4", "us_gov_l5"]
    # includes/all-clouds.md is not: known by name, and no warning for it
    assert _op(doc, "widget-list").national_clouds == ["global", "us_gov_l4", "us_gov_l5", "china"]
    assert not any("all-clouds" in d.message for d in doc.diagnostics)
    assert _op(doc, "gadget-get").national_clouds == []


def test_include_files_are_not_pages(monkeypatch):
    monkeypatch.chdir(TREE)
    names = [name for _, name in find_specs_named(["."])]
    assert names == ["docs/api/gadget-get.md", "docs/api/widget-get.md", "docs/api/widget-list.md"]
    # a folder of includes given on its own holds no pages
    assert find_specs_named(["docs/includes"]) == []
    # an include file named explicitly: its front matter says include; no page, no noise
    doc = parse_paths([PERMS], jobs=1)
    assert doc.operations == [] and doc.types == [] and doc.diagnostics == []


def test_folder_named_includes_above_the_input_does_not_hide_pages(tmp_path, monkeypatch):
    shutil.copytree(TREE, tmp_path / "includes" / "tree")
    monkeypatch.chdir(tmp_path)
    names = [name for _, name in find_specs_named(["includes/tree/docs"])]
    assert names == ["includes/tree/docs/api/gadget-get.md", "includes/tree/docs/api/widget-get.md", "includes/tree/docs/api/widget-list.md"]


def test_includes_are_found_when_the_specs_are_named_from_outside_the_working_directory(tmp_path, monkeypatch):
    """``docgen check ../docs`` names pages ``../docs/api/...`` (cwd-relative, for the terminal);
    their includes are read from the same place as from inside (the root was once taken as ``/``,
    and every include read as missing)."""
    shutil.copytree(TREE, tmp_path / "tree")
    (tmp_path / "work").mkdir()

    def scopes_and_missing(where: Path, arg: str) -> tuple[list, list]:
        monkeypatch.chdir(where)
        doc = parse_paths([arg], jobs=1)
        widget = next(o for o in doc.operations if o.id == "widget-get")
        return [p.scopes for p in widget.permissions], sorted(d.message for d in doc.diagnostics if d.code == "DG105")

    inside = scopes_and_missing(tmp_path / "tree", "docs")
    assert inside[0] and any(inside[0])  # the fixture's widget-get takes its permissions from an include
    assert scopes_and_missing(tmp_path / "work", "../tree/docs") == inside
    assert scopes_and_missing(tmp_path / "work", str(tmp_path / "tree" / "docs")) == inside


def test_in_memory_includes_and_code_fences():
    page = b"# Get x\n\n## Permissions\n\n[!INCLUDE [permissions-table](p.md)]\n\n## HTTP request\n\n```http\nGET /x\n```\n\n```md\n[!INCLUDE [permissions-table](q.md)]\n```\n"
    table = b"|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Application|X.Read.All|X.ReadWrite.All|\n"
    result = parse_bytes(page, "api/x.md", inc.MapIncludes({"api/p.md": table}))
    assert [(p.type, p.scopes, p.source.file, p.source.line) for p in result.operation.permissions] == [
        ("application", ["X.Read.All", "X.ReadWrite.All"], "api/p.md", 3)
    ]
    # the include inside a code fence is text, not an include: no DG105 for q.md
    assert not [d for d in result.diagnostics if d.code == "DG105"]


def _copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    shutil.copytree(TREE, root)
    return root


def test_parse_cache_reparses_pages_whose_include_changed(tmp_path, monkeypatch, parsed_pages):
    root = _copy_tree(tmp_path)
    monkeypatch.chdir(root)
    parsed = parsed_pages
    store = tmp_path / "cache"
    first = pipeline.build_document(pipeline.read_specs(["docs"]), cache_dir=store, jobs=1)
    assert sorted(parsed) == ["docs/api/gadget-get.md", "docs/api/widget-get.md", "docs/api/widget-list.md"]
    parsed.clear()
    pipeline.build_document(pipeline.read_specs(["docs"]), cache_dir=store, jobs=1)
    assert parsed == []  # all hits
    # edit only the include file: the page including it is parsed again, the others are not
    f = root / PERMS
    f.write_text(f.read_text().replace("Widget.ReadWrite.All|", "Widget.ReadWrite.All, Widget.Manage.All|"))
    again = pipeline.build_document(pipeline.read_specs(["docs"]), cache_dir=store, jobs=1)
    assert parsed == ["docs/api/widget-get.md"]
    app = lambda doc: next(p for p in _op(doc, "widget-get").permissions if p.type == "application").scopes  # noqa: E731
    assert app(first) == ["Widget.Read.All", "Widget.ReadWrite.All"]
    assert app(again) == ["Widget.Read.All", "Widget.ReadWrite.All", "Widget.Manage.All"]
    # a missing include that appears is a change too
    parsed.clear()
    (root / "docs/includes/permissions/widget-list-permissions.md").write_text(
        "|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n|Application|Widget.Read.All|Not available.|\n"
    )
    pipeline.build_document(pipeline.read_specs(["docs"]), cache_dir=store, jobs=1)
    assert parsed == ["docs/api/widget-list.md"]


def _diff_json(*args: str) -> dict:
    r = CliRunner().invoke(main, ["diff", *args, "-f", "json"])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def _edit_include(root: Path) -> None:
    f = root / PERMS
    f.write_text(f.read_text().replace("|Application|Widget.Read.All|Widget.ReadWrite.All|", "|Application|Widget.ReadWrite.All|Widget.Read.All|"))


def test_diff_of_folders_sees_an_edited_include(tmp_path, monkeypatch):
    base, rev = tmp_path / "base", tmp_path / "rev"
    shutil.copytree(TREE, base)
    shutil.copytree(TREE, rev)
    _edit_include(rev)
    monkeypatch.chdir(tmp_path)
    data = _diff_json("base/docs", "rev/docs")
    found = [(f["rule"], f["revision"]["file"] if f.get("revision") else None) for f in data["findings"]]
    assert ("permission-least-privileged-changed", "rev/docs/includes/permissions/widget-get-permissions.md") in found
    # sides given as the api folder: the includes beside it are still read, and shown without ".."
    data = _diff_json("base/docs/api", "rev/docs/api")
    found = [(f["rule"], f["revision"]["file"] if f.get("revision") else None) for f in data["findings"]]
    assert ("permission-least-privileged-changed", "rev/docs/includes/permissions/widget-get-permissions.md") in found


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_of_git_revisions_sees_an_edited_include(tmp_path, monkeypatch):
    root = _copy_tree(tmp_path)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    git("add", ".")
    git("commit", "-qm", "base")
    _edit_include(root)
    git("commit", "-qam", "include edited")
    monkeypatch.chdir(root)
    data = _diff_json("HEAD~1:docs", "HEAD:docs")
    rules = sorted({f["rule"] for f in data["findings"]})
    assert rules == ["permission-least-privileged-changed"]
    assert all(f["subject"] == "GET /widgets/{}" for f in data["findings"])


def test_a_hostile_include_reads_nothing_outside_markdown(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("Namespace: stolen\n\nTOP SECRET\n")
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "x.md"
    page.write_text(
        "# Get x\n\nRead x.\n\n[!INCLUDE [notes-x](../secret.txt)]\n\n[!INCLUDE [etc](/etc/passwd)]\n\n"
        "[!INCLUDE [u](https://example.com/x.md)]\n\n## HTTP request\n\n```http\nGET /x\n```\n"
    )
    monkeypatch.chdir(tmp_path)
    doc = parse_paths(["docs"], jobs=1)
    assert "SECRET" not in json.dumps([o.description for o in doc.operations])
    missing = sorted(d.message for d in doc.diagnostics if d.code == "DG105")
    assert missing == [
        "include file '../secret.txt' (notes-x) is not a Markdown file in the docs; not read",
        "include file '/etc/passwd' (etc) is not a Markdown file in the docs; not read",
        "include file 'https://example.com/x.md' (u) is not a Markdown file in the docs; not read",
    ]


def test_an_include_in_a_blockquote_stays_in_it_and_deep_nesting_is_cut():
    page = (
        b"# Get x\n\n## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n"
        b"|Application|X.Read.All|\n\n> [!INCLUDE [extra](n.md)]\n\n[!INCLUDE [deep](d0.md)]\n\n## HTTP request\n\n```http\nGET /x\n```\n"
    )
    # a note made of a list: inside the quote it is a note, not a permission
    files = {"api/n.md": b"- Application - X.ReadWrite.All\n"}
    files.update({f"api/d{i}.md": f"[!INCLUDE [deep](d{i + 1}.md)]\n".encode() for i in range(20)})
    result = parse_bytes(page, "api/x.md", inc.MapIncludes(files))
    assert [(p.type, p.scopes) for p in result.operation.permissions] == [("application", ["X.Read.All"])]
    deep = [d for d in result.diagnostics if d.code == "DG106"]
    assert len(deep) == 1 and deep[0].source.file == f"api/d{inc.MAX_DEPTH - 2}.md"
