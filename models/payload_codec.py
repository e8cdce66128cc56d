"""How a stage payload becomes JSON and back: a frozen dataclass, its fields in order.

`to_json` writes the fields in declaration order (the stored JSON keeps its
key order); `from_json` reads them by their annotated types (dates from ISO
strings, nested payloads, tuples from lists), a missing key taking the
field's default and an unknown one ignored. A field named in `FLAT` is a
payload whose keys are stored in its place, not under its name.
"""

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from types import NoneType, UnionType
from typing import Any, ClassVar, Self, Union, get_args, get_origin, get_type_hints


class Payload:
    """A JSON payload as a frozen dataclass: `to_json` in field order, `from_json` by type."""

    KIND: ClassVar[str] = ""
    #: fields (payloads themselves) whose keys are stored flat, in the field's place
    FLAT: ClassVar[tuple[str, ...]] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = _encode(getattr(self, f.name))
            if f.name in self.FLAT:
                out.update(value)
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        hints = _hints(cls)
        found = {k: _decode(hints[k], v) for k, v in data.items() if k in hints}
        return cls(**found | {k: _decode(hints[k], data) for k in cls.FLAT})


class RootPayload(Payload):
    """A payload whose JSON is a mapping by code (teacher → ...), kept in `by_code`."""

    by_code: Any

    def to_json(self) -> dict[str, Any]:
        return _encode(self.by_code)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(_decode(_hints(cls)["by_code"], data))  # type: ignore[call-arg]


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """The field types of `cls`, resolved once per class."""
    if cls not in _HINTS:
        names = {f.name for f in fields(cls)}
        _HINTS[cls] = {k: v for k, v in get_type_hints(cls).items() if k in names}
    return _HINTS[cls]


def _encode(value: Any) -> Any:
    if isinstance(value, Payload):
        return value.to_json()
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, UnionType):
        (tp,) = (a for a in args if a is not NoneType)
        return _decode(tp, value)
    if isinstance(tp, type) and is_dataclass(tp) and issubclass(tp, Payload):
        return tp.from_json(value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        return {k: _decode(args[1], v) for k, v in value.items()}
    if tp is date:
        return date.fromisoformat(value)
    return value
