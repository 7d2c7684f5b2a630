"""docgen as users install it: the wheel carries everything `docgen build` needs.

The wheel is built from this checkout and installed, with its declared dependencies only, into a
fresh virtual environment; its `docgen build` must turn the seeds into exactly the committed
generated/ (so templates, schema and every subpackage are inside the wheel).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _tree(root: Path) -> dict[str, bytes]:
    from docgen.generate.ownership import tree_files  # caches left out (tests run the generated code)

    return {name: (root / name).read_bytes() for name in tree_files(root)}


def test_every_package_is_listed_for_the_wheel() -> None:
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "docgen").rglob("__init__.py")
    }
    assert set(cfg["packages"]) == on_disk | {"docgen.templates"}
    assert cfg["package-dir"]["docgen.templates"] == "templates"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with docgen installed from a wheel built from this checkout."""
    base = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(base / "dist"), str(ROOT)],
        check=True, env=env, capture_output=True, cwd=base,
    )
    wheels = list((base / "dist").glob("docgen-*.whl"))
    assert len(wheels) == 1, wheels
    venv.create(base / "venv", with_pip=True)
    py = base / "venv" / "bin" / "python"
    proc = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheels[0])],
        env=env, capture_output=True, text=True, cwd=base,
    )
    if proc.returncode != 0 and "No matching distribution" in proc.stderr:
        pytest.skip(f"the wheel's dependencies cannot be installed here (no package index): {proc.stderr[-300:]}")
    assert proc.returncode == 0, proc.stderr
    return base / "venv" / "bin"


def test_the_installed_wheel_builds_the_seeds(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    # a project of its own, outside this checkout: the wheel must not reach back into the source tree
    (tmp_path / "pyproject.toml").write_text('[tool.docgen]\nspecs = "specs"\n', encoding="utf-8")
    (tmp_path / "specs").mkdir()
    for f in sorted((ROOT / "specs").iterdir()):
        (tmp_path / "specs" / f.name).write_bytes(f.read_bytes())
    proc = subprocess.run(
        [str(installed / "docgen"), "build", "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    where = subprocess.run(
        [str(installed / "python"), "-c", "import docgen.generate.render as r; print(r.DEFAULT_TEMPLATES)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.parent), where  # the wheel's own copy of the templates
    built, committed = _tree(tmp_path / "generated"), _tree(ROOT / "generated")
    assert sorted(built) == sorted(committed)
    assert [n for n in sorted(built) if built[n] != committed[n]] == []
