"""``[tool.docgen]`` in pyproject.toml: defaults for every command-line option.

The nearest pyproject.toml at or above the working directory is read. Command-line options win
over the file; the file wins over built-in defaults. Unknown keys are an error (typos must not pass
silently). Relative paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    pass


@dataclass(slots=True)
class Config:
    specs: list[str] = field(default_factory=lambda: ["specs"])
    output: str = "generated"
    package: str = "graph_sdk"
    templates: str | None = None
    base_url: str = "https://graph.microsoft.com"
    strict: bool = False  # warnings fail `docgen check` / `docgen build`
    jobs: int | None = None
    fail_on: str | None = None  # docgen diff default
    allow: str | None = None  # docgen diff allow-list file
    root: Path = field(default_factory=Path.cwd)  # folder of the pyproject.toml read (or cwd)
    path: Path | None = None  # the pyproject.toml read, if any

    def resolve(self, p: str) -> Path:
        path = Path(p)
        return path if path.is_absolute() else self.root / path


_KEYS = {f.name for f in fields(Config)} - {"root", "path"}


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(start: Path | None = None) -> Config:
    start = (start or Path.cwd()).resolve()
    path = find_pyproject(start)
    if path is None:
        return Config(root=start)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from e
    section: dict[str, Any] = data.get("tool", {}).get("docgen", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.docgen] must be a table")
    cfg = Config(root=path.parent, path=path)
    for key, value in section.items():
        name = key.replace("-", "_")
        if name not in _KEYS:
            raise ConfigError(f"{path}: [tool.docgen] has unknown key {key!r} (known: {', '.join(sorted(_KEYS))})")
        setattr(cfg, name, _checked(path, key, name, value))
    return cfg


# What each key takes: (test, what the message says it expects).
_EXPECT: dict[str, tuple[Callable[[Any], bool], str]] = {
    "specs": (lambda v: isinstance(v, list) and bool(v) and all(_is_path(x) for x in v), "a path or a non-empty list of paths"),
    "output": (lambda v: _is_path(v), "a path (string)"),
    "package": (lambda v: isinstance(v, str) and bool(v), "a Python package name (string)"),
    "templates": (lambda v: _is_path(v), "a path (string)"),
    "base_url": (lambda v: isinstance(v, str) and v.startswith(("https://", "http://")), "an http(s) URL (string)"),
    "strict": (lambda v: isinstance(v, bool), "true or false"),
    "jobs": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1, "a whole number of at least 1"),
    "fail_on": (lambda v: isinstance(v, str), "a level name (string)"),
    "allow": (lambda v: _is_path(v), "a path (string)"),
}


def _is_path(v: Any) -> bool:
    return isinstance(v, str) and bool(v) and "\0" not in v


def _checked(path: Path, key: str, name: str, value: Any) -> Any:
    """``value`` if it has the type ``key`` takes; else a ConfigError naming the key, value and type."""
    if name == "specs" and isinstance(value, str):
        value = [value]
    test, expected = _EXPECT[name]
    if not test(value):
        raise ConfigError(f"{path}: [tool.docgen] {key} = {_show(value)}: expected {expected}")
    return value


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, bool) else str(value).lower()
    return text if len(text) <= 60 else text[:57] + "..."
