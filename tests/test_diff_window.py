"""The diff on a real release window (Graph v1.0 docs 2021-01 -> 2021-07, ../shared/corpus): the
pairing cases of issue 9 on the pages where they happen, and the gate outputs' limits.

Skipped when the corpus is absent. One diff for the module (~10 s on 2 cores)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from docgen.diff.command import run
from docgen.diff.report import MARKDOWN_LIMIT, Report, render
from docgen.diff.rules import RULES

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
OLD, NEW = CORPUS / "graph-v1.0-2021-01" / "docs", CORPUS / "graph-v1.0" / "docs"


@pytest.fixture(scope="module")
def window() -> Report:
    if not (OLD.is_dir() and NEW.is_dir()):
        pytest.skip(f"release window not found at {OLD} and {NEW} (../shared/corpus); skipping the window tests")
    return run(str(OLD), str(NEW), include_docs=True, jobs=2)


def _on(report: Report, page: str) -> list[tuple[str, str]]:
    return sorted((f.rule, f.detail) for f in report.findings
                  if any(s is not None and s.file.endswith(f"/api/{page}") for s in (f.old_source, f.new_source)))


def test_no_fingerprint_twice(window: Report) -> None:
    twice = [fp for fp, n in Counter(f.fingerprint for f in window.findings).items() if n > 1]
    assert twice == []


def test_excel_lines_rewritten_from_the_root_are_one_notation_finding(window: Report) -> None:
    # range-usedrange.md: three relative lines became six absolute ones (items/{id} and root:/{item-path}:)
    assert _on(window, "range-usedrange.md") == [("request-line-notation-changed", "")]


def test_intune_split_pages_keep_their_endpoint_and_scopes(window: Report) -> None:
    # intune-shared-devicemanagement-get.md (per-workload rows) became 16 per-workload pages
    rules = {r for r, _ in _on(window, "intune-shared-devicemanagement-get.md")}
    assert not rules & {"operation-removed", "permission-type-unsupported", "permission-scope-removed"}
    assert "operation-documented-elsewhere" in rules  # docs-only


def test_function_argument_added_is_no_new_endpoint(window: Report) -> None:
    fs = [f for f in window.findings if "getactivitiesbyinterval" in f.subject]
    assert not [f for f in fs if f.rule in ("operation-added", "operation-removed", "operation-path-changed")]


def test_case_only_type_rename_is_one_non_breaking_finding(window: Report) -> None:
    # identityprovider-get.md: microsoft.graph.IdentityProvider -> microsoft.graph.identityProvider
    case_only = [f.rule for f in window.findings if f.old and f.new and f.old != f.new and f.old.lower() == f.new.lower()
                 and not RULES[f.rule].docs]
    assert case_only == ["type-name-case-changed"]
    assert [f.subject for f in window.findings if f.rule == "type-name-case-changed"] == ["microsoft.graph.identityProvider"]


def test_query_template_added_to_a_request_line(window: Report) -> None:
    assert ("request-query-added", "query includeHiddenFolders") in _on(window, "user-list-mailfolders.md")


def test_gate_outputs_fit(window: Report) -> None:
    md = render("markdown", window, limit=MARKDOWN_LIMIT, full_report="diff-full.md")
    assert len(md) <= MARKDOWN_LIMIT and "more findings not shown" in md
    lines = render("github", window).splitlines()
    assert len(lines) == 51 and lines[-1].startswith("::notice title=docgen diff::")
    assert all(line.startswith("::error ") for line in lines[:50])
