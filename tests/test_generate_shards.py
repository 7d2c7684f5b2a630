"""Model shards name only the shards they need: every model of a package whose classes inherit
across shards, and whose fields refer to other shards, builds with its annotations resolved. A
shard names the shards its own fields refer to, and (since pydantic may evaluate an inherited
annotation in the subclass's module) those its base classes' fields refer to; a shard naming only
itself fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

N = 60  # types: enough for several shards (about one cut in 10 after 5 types)

REBUILD = """
import sys
import chain_sdk.models
from chain_sdk.testing import build_all_models
built, failed = build_all_models(chain_sdk.models)
print(built)
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def _page(i: int) -> str:
    base = f"Inherits from [link{i - 1}](link{i - 1}.md)." if i else ""
    ref = (i * 7 + 3) % N  # a field whose type lives elsewhere in the order
    return f"""---
title: "link{i} resource type"
doc_type: resourcePageType
---

# link{i} resource type

Namespace: microsoft.graph

A link of a chain. {base}

## Properties

| Property | Type | Description |
|:--|:--|:--|
| id | String | The identifier. |
| field{i} | [link{ref}](link{ref}.md) | A link further on. |
| many{i} | [link{ref}](link{ref}.md) collection | More of them. |
"""


def test_every_model_builds_when_classes_inherit_across_shards(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    for i in range(N):
        (specs / f"link{i}.md").write_text(_page(i), encoding="utf-8")
    build = subprocess.run(["docgen", "build", "--no-cache", "--package", "chain_sdk", "-o", "out", "specs"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    run = subprocess.run([sys.executable, "-c", REBUILD], cwd=tmp_path / "out", capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert int(run.stdout.split("\n", 1)[0]) == N  # every class built
    shards = sorted(f.name for f in (tmp_path / "out" / "chain_sdk" / "models").glob("_m_*.py"))
    assert len(shards) >= 3, shards  # and the classes do sit in several shards
