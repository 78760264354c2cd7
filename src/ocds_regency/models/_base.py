"""The base model: configuration, key order, reading and writing (see `OcdsModel`).

Every model derives from `OcdsModel`. What it guarantees:

- Field names are snake_case in Python and the OCDS (camelCase) names in JSON; data read with
  `from_dict` / `from_json` must use the JSON names, Python code may use either.
- Unknown fields are kept (`extra="allow"`) and written back unchanged, in their place.
- The key order of the input is remembered and used when writing, so an unchanged object is written
  back byte for byte (fields set later are written after the original ones).
- Scalars are never coerced (`strict=True`): `"5"` is not an integer, `1` is not a boolean, `True` is not
  an id. The exceptions are numbers (`Number`: int, float, Decimal or numeric text, kept as `Decimal`) and
  dates (`DateTime`: text or an aware `datetime`, kept as text).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from ocds_regency.models._json import dumps, loads
from ocds_regency.models._types import DATA_CONTEXT, JSONAny

__all__ = ["OcdsModel", "to_dict", "to_json"]


#: pydantic v1 method names that pydantic v2 still answers to (deprecated). They are removed from the
#: models, so that ``release.validate()`` can't be mistaken for an OCDS validation: use
#: ``ocds_regency.validate(release)``, ``from_dict``/``to_dict``, ``from_json``/``to_json``, or the
#: ``model_*`` methods of pydantic v2.
_V1_NAMES = (
    "validate",
    "dict",
    "json",
    "parse_obj",
    "parse_raw",
    "parse_file",
    "from_orm",
    "construct",
    "copy",
    "schema",
    "schema_json",
    "update_forward_refs",
)


class _Removed:
    """A removed attribute: reading it raises :class:`AttributeError`, as for a name that never existed."""

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        raise AttributeError("removed pydantic v1 method")


class OcdsModel(BaseModel):
    """Base class of every OCDS object model.

    Build objects with Python field names (`Tender(procurement_method="open")`), read OCDS JSON with
    `from_json` / `from_dict`, write it with `to_json` / `to_dict`. `model_dump()` and `model_dump_json()`
    use the JSON names by default too; pass `exclude_unset=True` to leave out what was never set.

    Assignments are validated like input (`tender.status = "aktif"` raises `pydantic.ValidationError`);
    `unset` removes a field.
    """

    __slots__ = ("_ocds_order",)

    model_config = ConfigDict(
        extra="allow",
        strict=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        revalidate_instances="never",
        validate_assignment=True,
        defer_build=True,
    )

    __pydantic_extra__: dict[str, JSONAny]

    _name_to_alias: ClassVar[dict[str, str]] = {}
    _alias_to_name: ClassVar[dict[str, str]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._name_to_alias = {name: info.alias or name for name, info in cls.model_fields.items()}
        cls._alias_to_name = {alias: name for name, alias in cls._name_to_alias.items()}

    @model_validator(mode="wrap")
    @classmethod
    def _remember_key_order(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        model = handler(data)
        if type(data) is dict:
            object.__setattr__(model, "_ocds_order", tuple(data))
            extra = model.__pydantic_extra__
            if extra:
                names = cls._name_to_alias
                for key in extra:
                    # A JSON key spelled like a Python field name ("procurement_method") read by alias only is
                    # an unknown field, yet pydantic counts the field as set, which would write it as null.
                    if key in names and names[key] not in data:
                        model.__pydantic_fields_set__.discard(key)
        return model

    @model_serializer(mode="wrap")
    def _write_in_key_order(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        result = handler(self)
        order: tuple[str, ...] | None = getattr(self, "_ocds_order", None)
        if order is None or type(result) is not dict or len(result) < 2:
            return result
        # The remembered keys are those of the input: JSON names, Python names, or unknown fields.
        by_alias = self.model_config.get("serialize_by_alias", False) if info.by_alias is None else info.by_alias
        rename = self._name_to_alias if by_alias else self._alias_to_name
        extra = self.__pydantic_extra__ or _EMPTY
        ordered = {}
        for key in order:
            output_key = key if key in extra else rename.get(key, key)
            if output_key in result:
                ordered[output_key] = result[output_key]
        if len(ordered) != len(result):
            ordered.update(result)
        return ordered

    def __copy__(self) -> Self:
        duplicate = super().__copy__()
        _copy_order(self, duplicate)
        return duplicate

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        duplicate = super().__deepcopy__(memo)
        _copy_order(self, duplicate)
        return duplicate

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        order = getattr(self, "_ocds_order", None)
        if order is not None:
            state = {**state, "_ocds_order": order}
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        order = state.get("_ocds_order")
        super().__setstate__({key: value for key, value in state.items() if key != "_ocds_order"})
        if order is not None:
            object.__setattr__(self, "_ocds_order", order)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # Only what is set: an OCDS object has dozens of optional fields.
        fields_set = self.model_fields_set
        for name, value in super().__repr_args__():
            if name is None or name in fields_set or name not in type(self).model_fields:
                yield name, value

    def unset(self, *names: str) -> None:
        """Remove fields, so that they are not written (as if never set).

        Assigning `None` writes `null`, which the schema forbids for lists and objects (the assignment is
        rejected there); `unset` leaves the field out instead. Unknown fields are removed too.

        Args:
            names: Python names, JSON names or unknown-field names.

        Raises:
            AttributeError: there is no such field or unknown field.
        """
        fields = type(self).model_fields
        extra = self.__pydantic_extra__ if self.__pydantic_extra__ is not None else {}
        for name in names:
            field_name = name if name in fields else self._alias_to_name.get(name)
            if field_name is not None and field_name in fields:
                self.__dict__[field_name] = fields[field_name].get_default(call_default_factory=True)
                self.__pydantic_fields_set__.discard(field_name)
            elif name in extra:
                del extra[name]
            else:
                raise AttributeError(f"{type(self).__name__} has no field {name!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build the object from decoded OCDS JSON (JSON field names only).

        Unknown fields are kept as they are (not copied). Decode with `loads` (or
        `json.loads(..., parse_float=Decimal)`) to keep every digit of every number; floats are accepted too
        and read through `repr`, which is exact for up to 15 significant digits. A number written as a string
        (`"amount": "100"`) is an error here, as in the schema (Python code may pass numeric text).

        Raises:
            pydantic.ValidationError: the data doesn't fit the model; each error names the path of the field.
        """
        return cls.model_validate(data, by_alias=True, by_name=False, context=DATA_CONTEXT)

    @classmethod
    def from_json(cls, data: str | bytes | bytearray) -> Self:
        """Build the object from OCDS JSON text, keeping every number exact.

        Raises:
            InputError: the text is not JSON.
            pydantic.ValidationError: the data doesn't fit the model.
        """
        return cls.from_dict(loads(data))

    def to_dict(self) -> dict[str, Any]:
        """Return the object as decoded OCDS JSON: JSON names, only the fields that were set.

        Numbers of `Number` fields are `Decimal`s (exact); use `to_json` for text.
        """
        return self.model_dump(by_alias=True, exclude_unset=True)

    def to_json(self, *, indent: bool = False) -> bytes:
        """Return the object as OCDS JSON (UTF-8): JSON names, only the fields set, exact numbers.

        Args:
            indent: indent by two spaces.
        """
        return dumps(self.to_dict(), indent=indent)


for _name in _V1_NAMES:
    setattr(OcdsModel, _name, _Removed())
del _name

_EMPTY: dict[str, Any] = {}


def _copy_order(source: OcdsModel, target: OcdsModel) -> None:
    order = getattr(source, "_ocds_order", None)
    if order is not None:
        object.__setattr__(target, "_ocds_order", order)


def to_dict(model: OcdsModel) -> dict[str, Any]:
    """Return a model as decoded OCDS JSON (`OcdsModel.to_dict`)."""
    return model.to_dict()


def to_json(model: OcdsModel | Any, *, indent: bool = False) -> bytes:
    """Write a model (or any JSON value holding models) as OCDS JSON with exact numbers.

    Args:
        model: a model, or a dict / list that may contain models and `Decimal`s.
        indent: indent by two spaces.
    """
    if isinstance(model, OcdsModel):
        return model.to_json(indent=indent)
    return dumps(_unmodel(model), indent=indent)


def _unmodel(value: Any) -> Any:
    if isinstance(value, OcdsModel):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: _unmodel(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_unmodel(item) for item in value]
    return value
