"""JSON Schema of the IR, derived from the dataclasses in model.py (so it cannot drift).

``python -m docgen.ir.schema > docgen/ir/schema.json`` regenerates the committed copy; a test
checks the copy is current and that the seeds' IR validates against it.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any

from . import model

_ROOT = model.Document


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return {}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin is tuple:
        return {"type": "array", "prefixItems": [_type_schema(a, defs) for a in args], "minItems": len(args), "maxItems": len(args)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(args[1], defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _dataclass_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", int: "integer", bool: "boolean", float: "number"}
    if tp in simple:
        return {"type": simple[tp]}
    raise TypeError(f"no schema for {tp!r}")


def _dataclass_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, vars(model))
    props = {}
    for f in dataclasses.fields(cls):
        props[f.name] = _type_schema(hints[f.name], defs)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return {
        "type": "object",
        "description": " ".join(doc.split()),
        "properties": props,
        "required": [f.name for f in dataclasses.fields(cls)],
        "additionalProperties": False,
    }


def schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    root = _dataclass_schema(_ROOT, defs)
    root["properties"]["ir_version"] = {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://docgen.invalid/ir/{model.IR_VERSION}/schema.json",
        "title": f"docgen IR {model.IR_VERSION}",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


if __name__ == "__main__":
    print(json.dumps(schema(), indent=1))
