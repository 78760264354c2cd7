"""Shared pieces of the compiled and versioned merges: state, sorting, error locations."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from ocds_regency.merge.exceptions import (
    DuplicateIdValueWarning,
    InconsistentTypeError,
    MissingDateKeyError,
    NonObjectReleaseError,
    NonStringDateValueError,
    NullDateValueError,
)
from ocds_regency.merge.rules import APPEND, BY_POSITION, MergeRules, RuleNode, rules_for_profile
from ocds_regency.types import JSONObject

__all__ = [
    "MISSING",
    "MergeState",
    "TypeConflictError",
    "changed_sections",
    "resolve_rules",
    "sorted_positions",
    "sorted_releases",
]

MISSING: Any = object()


class TypeConflictError(Exception):
    """Internal: a type conflict found deep in the data; each level adds its key on the way up."""

    def __init__(self, template: str, previous: Any, part: Any = None) -> None:
        super().__init__(template)
        self.template = template
        self.previous = previous
        self.part = part
        self.parts: list[str | int] = []
        # Raised while adding an object to an array: the array's own key, not the object's, names the place.
        self.in_array = False

    def error(self, *, ocid: str | None, index: int | None) -> InconsistentTypeError:
        path = tuple(reversed(self.parts))
        text = "/".join(str(part) for part in path)
        message = self.template.format(previous=self.previous, path=text, part=self.part)
        return InconsistentTypeError(message, ocid=ocid, path=path, index=index)


OBJECT_AFTER_VALUE = (
    "An earlier release had the value {previous!r} for /{path}, "
    "but the current release has an object with a {part!r} key"
)
ARRAY_AFTER_OBJECT = "An earlier release had the object {previous!r} for /{path}, but the current release has an array"


class MergeState:
    """Per merged release: the index of identifier-merged arrays, and where we are (for messages).

    Arrays built by the merge are registered in ``arrays`` (``id(list)`` -> key -> object), which is also
    how a merged array is told apart from a literal list value.
    """

    __slots__ = ("arrays", "fresh", "idless", "index", "last", "nulls", "ocid", "strict", "warned")

    def __init__(self, *, strict: bool = False) -> None:
        self.arrays: dict[int, dict[Any, JSONObject]] = {}
        # Where compiled merges wrote a null (removed from the output).
        self.nulls: list[tuple[JSONObject, str]] = []
        # Whether an object without id was added to an array, or a warning issued: merging the same data
        # again would then not be a no-op, so sections equal to the previous release's aren't skipped.
        self.idless = False
        self.warned = False
        # id(object in an array) -> the release's object last merged into it: the same again is a no-op.
        self.last: dict[int, JSONObject] = {}
        self.ocid: str | None = None
        self.index: int | None = None
        self.strict = strict
        # Ids of versioned values added by the current release, while objects with duplicate ids are merged.
        self.fresh: set[int] | None = None

    def unchanged(self, target: JSONObject, element: JSONObject) -> bool:
        """Whether ``element`` is exactly (as JSON) what was last merged into ``target``."""
        last = self.last.get(id(target))
        if last is None or self.idless or self.warned or last != element:
            return False
        try:
            return orjson.dumps(last) == orjson.dumps(element)  # != takes 1 for 1.0 or True; JSON text doesn't
        except TypeError:
            return False

    def warn_duplicate(self, key: str, node: RuleNode) -> None:
        self.warned = True
        dotted = ".".join(node.path)
        warnings.warn(
            DuplicateIdValueWarning(
                f"Multiple objects have the `id` value {key!r} in the `{dotted}` array",
                ocid=self.ocid,
                path=node.path,
                index=self.index,
            ),
            stacklevel=5,
        )

    def register(self, data: Any, node: RuleNode, *, versioned: bool) -> None:
        """Index the arrays of existing merged data (for incremental merging)."""
        if type(data) is not dict:
            return
        for key, value in data.items():
            child = node.child(key)
            if child.rule:
                continue
            if type(value) is dict:
                self.register(value, child, versioned=versioned)
            elif type(value) is list and value and all(type(item) is dict for item in value):
                if versioned and all(_is_versioned_value(item) for item in value):
                    continue
                index: dict[Any, JSONObject] = {}
                for position, item in enumerate(value):
                    if child.strategy == BY_POSITION:
                        index[position] = item
                    elif child.strategy != APPEND and "id" in item:
                        ident = item["id"]
                        if type(ident) is list and versioned:
                            ident = ident[-1].get("value") if ident and type(ident[-1]) is dict else None
                        index.setdefault(ident if type(ident) is str else str(ident), item)
                    self.register(item, child, versioned=versioned)
                self.arrays[id(value)] = index


_VERSIONED_VALUE_KEYS = frozenset(("releaseID", "releaseDate", "releaseTag", "value"))


def _is_versioned_value(value: JSONObject) -> bool:
    return len(value) == 4 and _VERSIONED_VALUE_KEYS.issuperset(value)


def changed_sections(
    release: JSONObject, previous: JSONObject | None, state: MergeState, drop: tuple[str, ...], allowed: bool
) -> JSONObject:
    """Return the fields of ``release`` to merge: all but ``drop``, and but the objects and arrays that are
    exactly (as JSON) the previous release's, whose merge is a no-op (when ``allowed`` and nothing in this
    merge so far makes a second merge of the same data visible: an object without id, a warning)."""
    if previous is None or not allowed or state.idless or state.warned:
        return {key: value for key, value in release.items() if key not in drop}
    out: JSONObject = {}
    dumps = orjson.dumps
    for key, value in release.items():
        if key in drop:
            continue
        kind = type(value)
        if (kind is dict or kind is list) and value:
            old = previous.get(key, MISSING)
            if old is not MISSING and old == value:
                try:
                    if dumps(old) == dumps(value):  # == takes 1 for 1.0 or True; JSON text doesn't
                        continue
                except TypeError:
                    pass
        out[key] = value
    return out


def resolve_rules(rules: MergeRules | None, overrides: Any) -> MergeRules:
    if rules is None:
        rules = rules_for_profile()
    if overrides:
        rules = rules.with_overrides(overrides)
    return rules


_NAMES: dict[type, str] = {str: "a string", bytes: "a byte-string", list: "a list", tuple: "a tuple", set: "a set"}


def _chronological_key(release: JSONObject) -> datetime:
    date = release["date"]
    if not isinstance(date, str):
        raise TypeError(type(date).__name__)
    try:
        parsed = datetime.fromisoformat(date)
    except ValueError as exc:
        raise TypeError(f"not an RFC 3339 date-time: {date!r}") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def sorted_releases(
    releases: Iterable[Any], *, ocid: str | None = None, chronological: bool = False
) -> list[JSONObject]:
    """Return releases in ``date`` order, the way ocdsmerge sorts them (or chronologically).

    The default is a stable sort on the ``date`` strings (so equal dates keep their input order, and dates
    with different UTC offsets are compared as text). A single release is returned as is, whatever its date.

    Args:
        releases: the releases of one contracting process.
        ocid: used in error messages only.
        chronological: compare dates as instants (``2020-01-01T09:00:00+07:00`` before
            ``2020-01-01T03:00:00Z``); a naive date-time counts as UTC.

    Raises:
        NonObjectReleaseError: a release is not a JSON object.
        MissingDateKeyError: a release has no ``date`` (and there is more than one release).
        NullDateValueError: a ``date`` is ``null``.
        NonStringDateValueError: dates can't be compared (or, chronologically, aren't RFC 3339 strings).
    """
    return [release for _, release in sorted_positions(releases, ocid=ocid, chronological=chronological)]


def sorted_positions(
    releases: Iterable[Any], *, ocid: str | None = None, chronological: bool = False
) -> list[tuple[int, JSONObject]]:
    """Like :func:`sorted_releases`, with each release's position in the input."""
    items: Sequence[Any] = releases if isinstance(releases, list) else list(releases)
    for position, release in enumerate(items):
        if type(release) is not dict:
            kind = _NAMES.get(type(release), f"a {type(release).__name__}")
            hint = f" Use `json.loads` to parse the {kind[2:]} as JSON." if isinstance(release, (str, bytes)) else ""
            raise NonObjectReleaseError(
                f"At least one release is {kind}, not a dict.{hint}", ocid=ocid, index=position, path=()
            )
    if len(items) == 1:
        return [(0, items[0])]
    for position, release in enumerate(items):
        if "date" not in release:
            raise MissingDateKeyError(
                "The `date` field of at least one release is missing.", ocid=ocid, index=position, path=("date",)
            )
    try:
        if chronological:
            return sorted(enumerate(items), key=lambda pair: _chronological_key(pair[1]))
        return sorted(enumerate(items), key=lambda pair: pair[1]["date"])
    except TypeError:
        for position, release in enumerate(items):
            if release["date"] is None:
                raise NullDateValueError(
                    "The `date` field of at least one release is null.", ocid=ocid, index=position, path=("date",)
                ) from None
        found = next((position for position, release in enumerate(items) if not isinstance(release["date"], str)), None)
        if found is None and chronological:
            found = next(
                (position for position, release in enumerate(items) if _safe_parse(release["date"]) is None), None
            )
            message = "The `date` field of at least one release is not an RFC 3339 date-time."
        else:
            message = "The `date` field of at least one release is not a string."
        raise NonStringDateValueError(message, ocid=ocid, index=found, path=("date",)) from None


def _safe_parse(date: str) -> datetime | None:
    try:
        return datetime.fromisoformat(date)
    except ValueError:
        return None
