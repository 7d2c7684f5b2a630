"""Shared test fixtures: where the seeds and the (optional) v1.0 corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
CORPUS = ROOT.parent / "shared" / "corpus" / "graph-v1.0"

SEED_MD_INTUNE = SPECS / "000_723bbc322e51c380.txt"  # Markdown, v1 Intune "Create user"
SEED_TXT_CONTEXTS = SPECS / "001_405c5f5282847c9a.txt"  # plain text, beta, permission contexts
SEED_MD_73 = SPECS / "002_976bccd5a68a4223.txt"  # Markdown, 73 request-body properties, TODO scopes
SEED_TXT_USERS = SPECS / "003_daf622a479a3e94a.txt"  # plain text copy of api/user-post-users


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "docs").is_dir():
        pytest.skip(f"v1.0 corpus not found at {CORPUS} (it sits beside the project as ../shared); skipping corpus tests")
    return CORPUS


@pytest.fixture
def parsed_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the pages the pipeline parses (not served from its cache) from here on."""
    from docgen import pipeline

    parsed: list[str] = []
    real = pipeline._parse_item

    def counting(item, includes=None):  # type: ignore[no-untyped-def]
        parsed.append(item[0])
        return real(item, includes)

    monkeypatch.setattr(pipeline, "_parse_item", counting)
    return parsed


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "corpus: needs the v1.0 corpus (skipped, saying so, when it is absent)")
