"""``[tool.docgen]`` in pyproject.toml: defaults for every command-line option.

The nearest pyproject.toml at or above the working directory is read. Command-line options win
over the file; the file wins over built-in defaults. Unknown keys are an error (typos must not pass
silently). Relative paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

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
        if name == "specs" and isinstance(value, str):
            value = [value]
        setattr(cfg, name, value)
    return cfg
