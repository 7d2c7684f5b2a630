"""IR type references -> Python annotations (as text made only of validated names).

``Edm.*`` primitives map to the aliases of the emitted ``_types`` module (imported as ``_t``);
named types map to generated classes; a type no page defines falls back to ``_t.GraphModel``, the
open base model (keeps every field, still picks a subclass by ``@odata.type``), so generated code
never refers to a name that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from .names import ClassName, ModuleName

PRIMITIVES: dict[str, str] = {
    "Edm.String": "_t.String",
    "Edm.Boolean": "_t.Boolean",
    "Edm.Byte": "_t.Int",
    "Edm.SByte": "_t.Int",
    "Edm.Int16": "_t.Int",
    "Edm.Int32": "_t.Int",
    "Edm.Int64": "_t.Int",
    "Edm.Single": "_t.Double",
    "Edm.Double": "_t.Double",
    "Edm.Decimal": "_t.Double",
    "Edm.DateTimeOffset": "_t.DateTimeOffset",
    "Edm.Date": "_t.Date",
    "Edm.TimeOfDay": "_t.TimeOfDay",
    "Edm.Duration": "_t.Duration",
    "Edm.Guid": "_t.Guid",
    "Edm.Binary": "_t.Binary",
    "Edm.Stream": "_t.String",
}
ANY = "Any"
OPEN_MODEL = "_t.GraphModel"


@dataclass(frozen=True, slots=True)
class ClassRef:
    """Where a generated class lives: its shard module and its name."""

    module: ModuleName
    name: ClassName
    kind: str  # entity | complex | enum


class TypeMap:
    """Qualified IR type names -> generated classes."""

    def __init__(self, refs: dict[str, ClassRef]) -> None:
        self.refs = refs
        self._folded: dict[str, str] | None = None

    def folded(self) -> dict[str, str]:
        """Case-folded qualified names -> qualified names (URLs spell type names in any case)."""
        if self._folded is None:
            self._folded = {}
            for name in sorted(self.refs):
                self._folded.setdefault(name.casefold(), name)
        return self._folded

    def ref(self, qualified: str | None) -> ClassRef | None:
        return self.refs.get(qualified) if qualified else None

    def is_model(self, qualified: str | None) -> bool:
        r = self.ref(qualified)
        return r is not None and r.kind != "enum"

    def annotation(self, qualified: str | None, collection: bool = False, *, here: str | None = None, prefix: str = "") -> str:
        """The annotation for a value; ``here`` is the current shard (same-shard names are bare)."""
        inner = self.scalar(qualified, here=here, prefix=prefix)
        return f"list[{inner}]" if collection else inner

    def scalar(self, qualified: str | None, *, here: str | None = None, prefix: str = "") -> str:
        if qualified is None:
            return ANY
        if qualified.startswith("Edm."):
            return PRIMITIVES.get(qualified, ANY)
        r = self.refs.get(qualified)
        if r is None:
            return OPEN_MODEL
        if here is not None and r.module == here:
            return r.name
        return f"{prefix}{r.module}.{r.name}" if prefix or here is not None else r.name

    def models_ref(self, qualified: str | None) -> str:
        """A model class as seen from outside the models package (``_m.User``), or ``_t.GraphModel``."""
        r = self.refs.get(qualified) if qualified else None
        return f"_m.{r.name}" if r is not None and r.kind != "enum" else OPEN_MODEL
