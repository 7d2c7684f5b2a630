"""Wire types shared by every model: Graph (EDM) scalars, open enums and the base model.

Copied unchanged into every generated SDK; nothing here depends on the docs.

* Scalars that have a Python type (DateTimeOffset, Date, TimeOfDay, Duration, Guid, Binary) parse into
  it and remember the text they were read from, so a payload read and written again gives back the
  same bytes (Graph sends 7 fractional digits; Python keeps 6).
* Enums are ``str`` enums that accept values the docs do not list (a pseudo-member is made).
* ``GraphModel`` read from the wire (``model_validate``) keeps unknown JSON fields (``model_extra``),
  picks the subclass named by ``@odata.type`` and keeps a value that does not match its documented
  type in ``model_extra`` instead of failing (a tolerant reader: the docs are often looser than the
  service). Built in code (``User(display_name=...)``) it is strict: a wrong type or an unknown
  field raises ``ValidationError``.
"""

from __future__ import annotations

import base64
import enum
import importlib
import re
import uuid
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Callable, ClassVar

import pydantic
from pydantic import BaseModel, ConfigDict, Strict, ValidationError, ValidationInfo, model_validator
from pydantic_core import core_schema

__all__ = [
    "ClassVar",
    "Binary",
    "Boolean",
    "Date",
    "DateTimeOffset",
    "Double",
    "Duration",
    "GraphEnum",
    "GraphModel",
    "Guid",
    "Int",
    "LazyModule",
    "String",
    "TimeOfDay",
]


# --- scalars that remember their wire text ------------------------------------------------------


class _RawDateTime(datetime):
    _wire: str | None = None


class _RawDate(date):
    _wire: str | None = None


class _RawTime(time):
    _wire: str | None = None


class _RawDuration(timedelta):
    _wire: str | None = None


class _RawGuid(uuid.UUID):
    _wire: str | None = None


class _RawBinary(bytes):
    _wire: str | None = None


_FRACTION = re.compile(r"(\.\d{6})\d+")
_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def _parse_datetime(text: str) -> datetime:
    d = datetime.fromisoformat(_FRACTION.sub(r"\1", text.replace("z", "Z")))
    return _RawDateTime(
        d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, d.tzinfo, fold=d.fold
    )


def _parse_date(text: str) -> date:
    d = date.fromisoformat(text)
    return _RawDate(d.year, d.month, d.day)


def _parse_time(text: str) -> time:
    t = time.fromisoformat(_FRACTION.sub(r"\1", text))
    return _RawTime(t.hour, t.minute, t.second, t.microsecond, t.tzinfo)


def _parse_duration(text: str) -> timedelta:
    m = _DURATION.match(text)
    if not m or text in ("P", "-P") or text.endswith("T"):
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    parts = {k: float(v) for k, v in m.groupdict().items() if k != "sign" and v}
    d = timedelta(**parts)
    d = -d if m.group("sign") else d
    return _RawDuration(d.days, d.seconds, d.microseconds)


def _parse_guid(text: str) -> uuid.UUID:
    return _RawGuid(text)


def _parse_binary(text: str) -> bytes:
    return _RawBinary(base64.b64decode(text, validate=True))


def _wire_datetime(v: datetime) -> str:
    return v.isoformat().replace("+00:00", "Z")


def _wire_duration(v: timedelta) -> str:
    total = abs(v)
    days, secs = total.days, total.seconds + total.microseconds / 1e6
    hours, rest = divmod(secs, 3600)
    minutes, seconds = divmod(rest, 60)
    out = "-P" if v < timedelta(0) else "P"
    out += f"{days}D" if days else ""
    clock = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
    clock += f"{seconds:g}S" if seconds else ""
    return out + ("T" + clock if clock else ("" if days else "T0S"))


def _scalar(py_type: type, parse: Callable[[str], Any], to_wire: Callable[[Any], str]) -> Any:
    """A pydantic schema: a JSON string parsed by ``parse``; written back as it was read."""

    def validate(value: Any) -> Any:
        if isinstance(value, str):
            try:
                parsed = parse(value)
            except (ValueError, TypeError) as e:
                raise ValueError(f"invalid {py_type.__name__}: {e}") from None
            object.__setattr__(parsed, "_wire", value)
            return parsed
        if isinstance(value, py_type) and not isinstance(value, bool):
            return value
        raise ValueError(f"expected a {py_type.__name__} or its ISO text")

    def serialize(value: Any) -> str:
        wire = getattr(value, "_wire", None)
        return wire if isinstance(wire, str) else to_wire(value)

    class _Schema:
        @classmethod
        def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
            return core_schema.no_info_plain_validator_function(
                validate,
                serialization=core_schema.plain_serializer_function_ser_schema(
                    serialize, when_used="json"
                ),
            )

    return _Schema


String = Annotated[str, Strict()]
Int = Annotated[int, Strict()]
Boolean = Annotated[bool, Strict()]


def _number(value: Any) -> Any:
    if isinstance(value, (bool, str)):
        raise ValueError("expected a JSON number")
    return value


Double = Annotated[float, pydantic.BeforeValidator(_number)]
DateTimeOffset = Annotated[datetime, _scalar(datetime, _parse_datetime, _wire_datetime)]
Date = Annotated[date, _scalar(date, _parse_date, date.isoformat)]
TimeOfDay = Annotated[time, _scalar(time, _parse_time, time.isoformat)]
Duration = Annotated[timedelta, _scalar(timedelta, _parse_duration, _wire_duration)]
Guid = Annotated[uuid.UUID, _scalar(uuid.UUID, _parse_guid, str)]
Binary = Annotated[
    bytes, _scalar(bytes, _parse_binary, lambda v: base64.b64encode(v).decode("ascii"))
]


# --- enums ------------------------------------------------------------------------------------


class GraphEnum(str, enum.Enum):
    """A string enum that accepts values it does not list (Graph adds members over time)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)


# --- models -----------------------------------------------------------------------------------

_Resolver = Callable[[str], "type[GraphModel] | None"]
_resolvers: list[_Resolver] = []


def register_resolver(resolver: _Resolver) -> None:
    """Models packages register how to find the class for an ``@odata.type`` (lazily)."""
    _resolvers.append(resolver)


def _class_for(odata_type: object) -> type[GraphModel] | None:
    if not isinstance(odata_type, str) or not odata_type:
        return None
    name = odata_type[1:] if odata_type.startswith("#") else odata_type
    for resolver in _resolvers:
        found = resolver(name)
        if found is not None:
            return found
    return None


_FROM_CODE: dict[str, bool] = {"from_code": True}  # validation context of a model built in code
_KNOWN: dict[type, frozenset[str]] = {}


def _known_names(cls: type[BaseModel]) -> frozenset[str]:
    """The keyword arguments a model accepts: field names, wire names, ``@odata.type``."""
    known = _KNOWN.get(cls)
    if known is None:
        names = {"@odata.type"}
        for name, info in cls.model_fields.items():
            names.add(name)
            for alias in (info.alias, info.validation_alias, info.serialization_alias):
                if isinstance(alias, str):
                    names.add(alias)
        known = _KNOWN[cls] = frozenset(names)
    return known


class GraphModel(BaseModel):
    """Base of every generated model: open (unknown fields kept), polymorphic and tolerant."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        defer_build=True,
        arbitrary_types_allowed=False,
    )

    odata_type_name: ClassVar[str] = ""

    def __init__(self, /, **data: Any) -> None:
        """Built in code: a value of the wrong type or an unknown field is an error (a typo such as
        ``job_titel=`` must not be sent). Data read from the wire goes through ``model_validate``,
        which keeps what it does not know."""
        unknown = [k for k in data if k not in _known_names(type(self))]
        if unknown:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [{"type": "extra_forbidden", "loc": (k,), "input": data[k]} for k in unknown],
            )
        self.__pydantic_validator__.validate_python(data, self_instance=self, context=_FROM_CODE)

    # not a "custom" __init__ to pydantic: model_validate must not call it (wire data stays tolerant)
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @model_validator(mode="wrap")
    @classmethod
    def _graph_validate(cls, data: Any, handler: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict) or info.context is _FROM_CODE:
            return handler(data)
        target = _class_for(data.get("@odata.type"))
        if target is not None and target is not cls and issubclass(target, cls):
            return target.model_validate(data)
        try:
            return handler(data)
        except ValidationError as e:
            bad = {err["loc"][0] for err in e.errors() if err["loc"]}
            if not bad or not bad <= set(data):
                raise
            kept = {k: v for k, v in data.items() if k not in bad}
            obj = handler(kept)
            extra = obj.__pydantic_extra__
            if extra is None:  # pragma: no cover - extra="allow" always gives a dict
                raise
            for k in data:  # keep the wire order of the rejected values
                if k in bad:
                    extra[str(k)] = data[k]
                    obj.__pydantic_fields_set__.add(str(k))
            return obj

    @property
    def additional_data(self) -> dict[str, Any]:
        """JSON fields the model does not declare (or whose value did not match the declared type)."""
        return dict(self.model_extra or {})

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON object this model stands for (wire names, only the fields that were set).

        Unlike ``model_dump`` it writes every nested model by its own class, so a subclass picked
        by ``@odata.type`` inside a base-typed field keeps all of its fields.
        """
        out: dict[str, Any] = {}
        fields_set = self.model_fields_set
        for name, info in type(self).model_fields.items():
            if name in fields_set:
                out[info.serialization_alias or info.alias or name] = to_wire(getattr(self, name))
        for key, value in (self.__pydantic_extra__ or {}).items():
            out[key] = to_wire(value)
        return out


def to_wire(value: Any) -> Any:
    """JSON-ready data for a value held by a model (scalars written back as they were read)."""
    if isinstance(value, GraphModel):
        return value.to_json_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    wire = getattr(value, "_wire", None)
    if isinstance(wire, str):
        return wire
    if isinstance(value, datetime):
        return _wire_datetime(value)
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return _wire_duration(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


class LazyModule:
    """Another model shard, as the field annotations of a shard see it at run time.

    An attribute is a stand-in class, not the model: pydantic builds a schema for it that imports
    the shard and validates with the real class only when a value for that field arrives. So
    building ``User`` loads ``User``'s shard and its bases' shards, not every shard its fields
    reach (type checkers see the real modules: shards import them under ``TYPE_CHECKING``).
    """

    def __init__(self, owner: str, package: str | None, name: str) -> None:
        self._lazy_owner = owner
        self._lazy_package = package
        self._lazy_name = name
        self._lazy_refs: dict[str, type] = {}

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") or attr.startswith("_lazy"):
            raise AttributeError(attr)
        ref = self._lazy_refs.get(attr)
        if ref is None:
            ref = self._lazy_refs[attr] = _lazy_ref(self._lazy_package, self._lazy_name, attr)
        return ref


def _lazy_ref(package: str | None, module: str, name: str) -> type:
    """A stand-in for ``<package>.<module>.<name>`` whose pydantic schema resolves it on use."""
    found: list[Any] = []

    def target() -> Any:
        if not found:
            found.append(getattr(importlib.import_module("." + module, package), name))
        return found[0]

    def validate(value: Any, info: core_schema.ValidationInfo) -> Any:
        cls = target()
        if isinstance(value, cls):
            return value
        if issubclass(cls, enum.Enum):
            if not isinstance(value, str):
                raise ValueError(f"expected a {name} value (a string)")
            return cls(value)
        return cls.model_validate(value, context=info.context)

    class _Ref:
        @classmethod
        def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
            return core_schema.with_info_plain_validator_function(validate)

    _Ref.__name__ = _Ref.__qualname__ = name
    return _Ref
