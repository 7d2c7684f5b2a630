"""Request lines and examples of today's docs the generated tests used to fail on
(tests/fixtures/today/README.md): each example either replays and passes, or is a strict xfail
naming the diagnostic the checker reports for it -- the checker and the generator agree."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.pipeline import parse_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "today"

EXPECTED = {
    "test_widget_delete_delete_widget": ("PASSED", None),
    "test_agent_get_get_agent": ("PASSED", None),
    "test_gadget_get_example_4_a_plain_one": ("PASSED", None),
    "test_member_list_example_1_an_odata_cast_to_a_type_no_page_here_defines": ("PASSED", None),
    "test_gadget_get_example_1_the_status_only_in_prose": ("XFAIL", "DG607"),
    "test_gadget_get_example_2_the_response_value_in_the_request_block": ("XFAIL", "DG609"),
    "test_gadget_get_example_3_an_empty_segment_in_the_url": ("XFAIL", "DG608"),
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("today")
    shutil.copytree(FIXTURE, work / "specs", ignore=shutil.ignore_patterns("README.md"))
    (work / "pyproject.toml").write_text('[tool.docgen]\nspecs = "specs"\noutput = "out"\npackage = "today_sdk"\n')
    proc = subprocess.run(["docgen", "build", "--no-cache", "-j", "1"], cwd=work, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return work / "out"


def test_request_lines() -> None:
    doc = parse_paths([str(FIXTURE)], jobs=1)
    lines = {o.id: [(r.method, r.path) for r in o.requests] for o in doc.operations}
    assert lines["widget-delete"] == [("DELETE", "/identity/widgets/{widgetId}")]
    assert lines["agent-get"] == [("GET", "/onPremisesPublishingProfiles/{publishingType}/agents/{id}")]
    examples = {e.name: e for o in doc.operations for e in o.examples}
    assert (examples["delete_widget"].request.method, examples["delete_widget"].request.path) == ("DELETE", "/identity/widgets/2f8a9d4e")
    codes = {(d.code, d.source.file.rsplit("/", 1)[-1], d.source.line) for d in doc.diagnostics if d.code.startswith("DG6")}
    assert codes == {("DG607", "gadget-get.md", 59), ("DG609", "gadget-get.md", 75), ("DG608", "gadget-get.md", 104)}


def test_examples_pass_or_xfail_naming_the_checkers_code(sdk: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", "tests"],
                         cwd=sdk, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    got = {}
    for outcome, name, rest in re.findall(r"^(PASSED|FAILED|XFAIL|XPASS|ERROR) \S+::(\w+)(.*)$", run.stdout, re.M):
        code = re.search(r"DG\d{3}", rest)
        got[name] = (outcome, code.group(0) if code else None)
    assert got == EXPECTED, run.stdout


def test_a_cast_to_a_type_no_page_defines_goes_by_name(sdk: Path) -> None:
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (sdk / "tests").glob("test_*.py"))
    assert re.search(r'\.member_of\s*\.of_type_named\("microsoft\.graph\.group"\)\s*\.get\(', tests), tests[:3000]


def test_no_tilde_segment_and_no_body_on_a_refused_get(sdk: Path) -> None:
    builders = "\n".join(p.read_text(encoding="utf-8") for p in (sdk / "today_sdk" / "builders").glob("*.py"))
    assert '"~"' not in builders and "/~/" not in builders
    gadgets = (sdk / "today_sdk" / "builders" / "gadgets.py").read_text(encoding="utf-8")
    get = re.search(r"def get\(\s*self,(.*?)\) ->", gadgets, re.S)
    # the GET takes its query options (``**query``, OData options and ``params``) and no body
    assert get is not None and "**query" in get.group(1) and "body" not in get.group(1), get.group(0) if get else gadgets[:3000]
