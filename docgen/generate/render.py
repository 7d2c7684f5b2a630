"""The Jinja environment: user templates override ours file by file; nothing unsafe reaches output.

Safety rules enforced here, not by template discipline:

* ``StrictUndefined``: a missing variable is an error, never an empty string.
* every ``{{ value }}`` must be a validated name (``PythonIdentifier``, ``ClassName``, ``ModuleName``),
  :class:`Code` made by the generator, an int/bool, or the output of a filter: ``literal`` (a
  ``repr``-safe Python literal), ``docstring`` (a safe string literal), ``toml`` (a TOML string).
  A plain ``str`` -- e.g. text from the docs -- raises :class:`UnsafeValueError`.
* autoescape is on with a no-op escape for safe values, so macro and ``{% set %}`` output (which
  is built from safe values) stays usable, while a plain ``str`` is rejected before escaping.
  Templates compile each output to one call of :func:`_output` (same text and checks as
  ``escape(finalize(value))``, cheaper: rendering is a large part of a rebuild).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

from . import names

def _default_templates() -> Path:
    """docgen's templates: ``docgen/templates`` in an installed wheel (pyproject.toml maps the
    project's top-level ``templates/`` there), the top-level folder in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


DEFAULT_TEMPLATES = _default_templates()


class UnsafeValueError(TypeError):
    """A template tried to output an unvalidated string."""


class Code(str):
    """Python source text assembled by the generator from validated names and literals."""

    __slots__ = ()

    # Safe to output as it is. ``str.__str__`` (the text as a plain str) rather than a Python
    # ``return self``: autoescape calls it for every value output, and a C function is cheaper.
    __html__ = str.__str__


for _cls in (names.PythonIdentifier, names.ClassName, names.ModuleName):
    setattr(_cls, "__html__", str.__str__)


def literal(value: Any) -> Code:
    """A Python literal for str/int/float/bool/None and lists/tuples/dicts of them (``repr``)."""
    _check_literal(value)
    return Code(repr(value))


def _check_literal(value: Any) -> None:
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise UnsafeValueError(f"float {value!r} has no literal")
        return
    if isinstance(value, (list, tuple)):
        for v in value:
            _check_literal(v)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _check_literal(k)
            _check_literal(v)
        return
    raise UnsafeValueError(f"no literal for {type(value).__name__}")


def _printable(text: str) -> bool:
    return text.replace("\n", "").isprintable()  # False for controls, U+2028/U+2029, surrogates


def docstring(text: Any, source: Any = None) -> Code:
    """A string literal for a docstring: triple-quoted when that is safe, else ``repr``."""
    body = " ".join(str(text or "").split()) if "\n" not in str(text or "") else str(text).strip()
    if source:
        body = f"{body}\n\nDocs: {source}" if body else f"Docs: {source}"
    body = body or "No description in the docs."
    if "\\" in body or '"""' in body or body.endswith('"') or not _printable(body) or "\r" in body:
        return Code(repr(body))
    return Code(f'"""{body}"""')


def toml(value: Any) -> Code:
    if not isinstance(value, str):
        raise UnsafeValueError("toml() takes a string")
    return Code(json.dumps(value, ensure_ascii=True))


def _finalize(value: Any) -> Any:
    if type(value) in _SAFE_TYPES:  # the common case, decided without the checks below
        return value
    if value is None:
        raise UnsafeValueError("None reached a template output")
    if isinstance(value, bool) or isinstance(value, int):
        return value
    if isinstance(value, str) and not hasattr(value, "__html__"):
        raise UnsafeValueError(f"unvalidated text reached a template: {value[:60]!r}")
    if not isinstance(value, str):
        raise UnsafeValueError(f"{type(value).__name__} reached a template output")
    return value


_VERBATIM = frozenset({names.PythonIdentifier, names.ClassName, names.ModuleName, Code})
_SAFE_TYPES = _VERBATIM | {Markup, int, bool}


def _output(value: Any) -> Any:
    """What autoescape does with each ``{{ value }}``, ``escape(_finalize(value))``, with a fast path
    for validated names and :class:`Code`: their text is output as it is (``__html__`` is the text)."""
    if type(value) in _VERBATIM:
        return value
    return escape(_finalize(value))


class _CodeGenerator(CodeGenerator):
    """Compiles an autoescaped ``{{ value }}`` to one call, ``environment.docgen_output(value)``,
    instead of ``escape(environment.finalize(value))`` (two Python calls, and a ``Markup`` made per
    value: a third of the rendering time). The same text and the same checks; only faster."""

    def _ours(self, frame: Any, finalize: Any) -> bool:
        return bool(frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src == "environment.finalize(")

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._ours(frame, finalize):
            self.write("environment.docgen_output(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._ours(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class _Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    docgen_output = staticmethod(_output)


@lru_cache(maxsize=8)
def environment(user_templates: str | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if user_templates:
        loaders.append(jinja2.FileSystemLoader(user_templates))
    loaders.append(jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES)))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["literal"] = literal
    env.filters["docstring"] = docstring
    env.filters["toml"] = toml
    return env


def render(template: str, user_templates: str | None = None, **context: Any) -> str:
    return str(environment(user_templates).get_template(template).render(**context))


def template_files(user_templates: str | None = None) -> list[Path]:
    """Every template file that can be used (for cache keys): ours, then the user's overrides."""
    files = sorted(DEFAULT_TEMPLATES.glob("*.jinja"))
    if user_templates:
        files += sorted(Path(user_templates).glob("*.jinja"))
    return files
