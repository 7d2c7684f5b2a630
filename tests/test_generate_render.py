"""The compiled fast path of ``{{ value }}`` (render._output) outputs what autoescape + finalize did,
and refuses what they refused."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from docgen.generate import names
from docgen.generate.render import Code, UnsafeValueError, _finalize, environment, render

TRICKY = """<a href="x">&amp; 'q' \\ </a>"""


def _template(tmp_path: Path, text: str) -> str:
    (tmp_path / "t.jinja").write_text(text, encoding="utf-8")
    return str(tmp_path)


def _reference(text: str, **context: object) -> str:
    """The same template through a stock environment: escape(finalize(value)) per output."""
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    return str(env.from_string(text).render(**context))


@pytest.mark.parametrize(
    "value",
    [
        Code(TRICKY),
        names.PythonIdentifier("display_name"),
        names.ClassName("User"),
        names.ModuleName("users_2"),
        Markup(TRICKY),
        7,
        True,
    ],
    ids=["code", "identifier", "class", "module", "markup", "int", "bool"],
)
def test_safe_values_are_output_as_before(tmp_path: Path, value: object) -> None:
    text = "{{ v }}|{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(v) }}|{% set s %}<{{ v }}>{% endset %}{{ s }}\n"
    got = render("t.jinja", _template(tmp_path, text), v=value)
    assert got == _reference(text, v=value)
    if isinstance(value, str):
        assert got.startswith(str(value) + "|")  # verbatim: never HTML-escaped


@pytest.mark.parametrize("value", [TRICKY, "plain", None, 1.5, ["x"], names.PythonIdentifier])
def test_unsafe_values_are_refused(tmp_path: Path, value: object) -> None:
    folder = _template(tmp_path, "x = {{ v }}\n")
    with pytest.raises(UnsafeValueError):
        render("t.jinja", folder, v=value)
    with pytest.raises(UnsafeValueError):
        _reference("x = {{ v }}\n", v=value)


def test_outputs_compile_to_the_fast_path() -> None:
    env = environment(None)
    source = env.loader.get_source(env, "builders.py.jinja")[0]  # type: ignore[union-attr]
    compiled = env.compile(source, raw=True)
    assert "environment.docgen_output(" in compiled
    assert "escape(environment.finalize(" not in compiled


def test_autoescape_blocks_keep_jinjas_own_code(tmp_path: Path) -> None:
    text = "{% autoescape false %}{{ v }}{% endautoescape %}/{{ v }}\n"
    value = Code(TRICKY)
    assert render("t.jinja", _template(tmp_path, text), v=value) == _reference(text, v=value) == f"{TRICKY}/{TRICKY}\n"
