"""Names: doc text -> validated Python identifiers, class names and module names.

Only values of the types defined here reach a template in a name position, and they can only be
made by validating (``PythonIdentifier``, ``ClassName``, ``ModuleName`` check their text), so a
name from the docs cannot inject code. Unicode is transliterated to ASCII (NFKD, then dropped),
keywords and reserved names get a trailing ``_``, and :class:`Scope` makes names unique within a
namespace deterministically (in the order names are offered: callers offer them in sorted order).
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_WORD_SPLIT = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Names a generated *field* must not take: pydantic BaseModel attributes and GraphModel helpers.
MODEL_RESERVED = frozenset(
    """construct copy dict from_orm json model_computed_fields model_config model_construct model_copy
    model_dump model_dump_json model_extra model_fields model_fields_set model_json_schema
    model_parametrized_name model_post_init model_rebuild model_validate model_validate_json
    model_validate_strings parse_file parse_obj parse_raw schema schema_json update_forward_refs
    validate additional_data to_json_dict odata_type_name""".split()
)
# Builtins used in generated annotations: a field named like one would shadow it in the class body.
ANNOTATION_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object", "type", "None"})
# Names taken by the builder base classes and generated helper methods.
BUILDER_RESERVED = frozenset({"path", "by_id"})
# Module-level names in generated modules (imports); classes must not shadow them.
MODULE_RESERVED = frozenset({"annotations", "Any", "TYPE_CHECKING", "json", "pytest", "httpx"})


class UnsafeNameError(ValueError):
    """A name that is not a safe identifier reached a name constructor."""


class PythonIdentifier(str):
    """A lower_snake identifier: ASCII, not a keyword, not starting with ``_`` or a digit."""

    __slots__ = ()

    def __new__(cls, value: str) -> PythonIdentifier:
        if not _IDENT.match(value) or keyword.iskeyword(value) or keyword.issoftkeyword(value):
            raise UnsafeNameError(f"not a safe identifier: {value!r}")
        return super().__new__(cls, value)


class ClassName(str):
    """A PascalCase class name: ASCII identifier starting with an upper-case letter."""

    __slots__ = ()

    def __new__(cls, value: str) -> ClassName:
        if not _IDENT.match(value) or not value[0].isupper() or keyword.iskeyword(value):
            raise UnsafeNameError(f"not a safe class name: {value!r}")
        return super().__new__(cls, value)


class ModuleName(str):
    """A module (file) name: lower-case ASCII identifier, optionally with a leading ``_``."""

    __slots__ = ()

    def __new__(cls, value: str) -> ModuleName:
        bare = value[1:] if value.startswith("_") else value
        if not _IDENT.match(bare) or value != value.lower() or keyword.iskeyword(value):
            raise UnsafeNameError(f"not a safe module name: {value!r}")
        return super().__new__(cls, value)


def ascii_fold(text: str) -> str:
    """Transliterate to ASCII: ``Größe`` -> ``Groe``; characters without an ASCII form are dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """``displayName`` -> [display, Name]; ``@odata.nextLink`` -> [odata, next, Link]; ``HTTPCode`` -> [HTTP, Code]."""
    return _WORD_SPLIT.findall(ascii_fold(text))


def snake(text: str, *, fallback: str = "value") -> str:
    """``displayName`` -> ``display_name``. Never empty, never starts with a digit or ``_``."""
    out = "_".join(w.lower() for w in words(text)) or fallback
    return f"n{out}" if out[:1].isdigit() else out  # fallback "" (callers that have their own) stays empty


def slug(text: str, *, fallback: str = "x") -> str:
    """``Create user/from-users`` -> ``create_user_from_users`` (ASCII, lower case, ``_`` between runs)."""
    out = re.sub(r"[^a-z0-9]+", "_", ascii_fold(text).lower()).strip("_") or fallback
    return f"n{out}" if out[:1].isdigit() else out


def pascal(text: str, *, fallback: str = "Model") -> str:
    parts = words(text)
    out = "".join(w[:1].upper() + w[1:] for w in parts) or fallback
    return f"N{out}" if out[:1].isdigit() else out


def identifier(text: str, *, reserved: frozenset[str] = frozenset(), fallback: str = "value") -> PythonIdentifier:
    """A safe snake_case identifier for ``text``; keywords, builtins in ``reserved`` get ``_``."""
    name = snake(text, fallback=fallback)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in reserved:
        name += "_"
    return PythonIdentifier(name)


def class_name(text: str, *, suffix: str = "", reserved: frozenset[str] = MODULE_RESERVED) -> ClassName:
    name = pascal(text) + suffix
    if keyword.iskeyword(name) or name in reserved or hasattr(builtins, name):
        name += "_"
    return ClassName(name)


def module_name(text: str, *, prefix: str = "") -> ModuleName:
    name = prefix + snake(text, fallback="root")
    if keyword.iskeyword(name) or name in ("models", "builders", "client", "testing"):
        name += "_"
    return ModuleName(name)


class Scope:
    """Unique names in one namespace: a name already taken gets ``_2``, ``_3``... (deterministic)."""

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken = set(taken)
        self._last: dict[str, int] = {}  # name -> the suffix last given (names are only ever added)

    def take(self, name: str) -> str:
        n = self._last.get(name, 1)
        candidate = name if n == 1 else f"{name}_{n}" if not name.endswith("_") else f"{name}{n}"
        while candidate in self._taken:
            n += 1
            candidate = f"{name}_{n}" if not name.endswith("_") else f"{name}{n}"
        self._taken.add(candidate)
        self._last[name] = n
        return candidate

    def ident(self, name: PythonIdentifier) -> PythonIdentifier:
        return PythonIdentifier(self.take(name))

    def cls(self, name: ClassName) -> ClassName:
        return ClassName(self.take(name))

    def module(self, name: ModuleName) -> ModuleName:
        return ModuleName(self.take(name))

    def __contains__(self, name: str) -> bool:
        return name in self._taken
