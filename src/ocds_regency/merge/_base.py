"""What the compiled and versioned merges share: state, the array merge, the release loop, sorting, error
locations.

The two merges differ only in how the fields of one object are merged (compiled: values; versioned: lists
of versioned values), written once each as ``merge_object`` in :mod:`~ocds_regency.merge.compiled` and
:mod:`~ocds_regency.merge.versioned`. Everything around it is here, written once: the identifier / position /
append merge of arrays of objects (:meth:`MergeState.merge_array`, which asks its one hook,
:meth:`MergeState.items`, once per array how to merge that array's objects), and the release loop of
:class:`MergedRelease` (sorting, skipping unchanged sections, error locations).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from ocds_regency.merge.exceptions import (
    DuplicateIdValueWarning,
    InconsistentTypeError,
    InvalidIdError,
    MissingDateKeyError,
    NonObjectReleaseError,
    NonStringDateValueError,
    NullDateValueError,
)
from ocds_regency.merge.rules import APPEND, BY_POSITION, IDENTIFIER, MergeRules, RuleNode, Strategy, rules_for_profile
from ocds_regency.types import JSONObject

__all__ = [
    "MISSING",
    "ItemMerge",
    "MergeState",
    "MergedRelease",
    "TypeConflictError",
    "changed_sections",
    "merge_container",
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


#: Merges the fields of a release's object (``src``) into an object of the merged release (``dst``):
#: ``(dst, src, node, state, item)``, ``item`` telling that ``dst`` is an object of an array.
ItemMerge = Callable[[JSONObject, JSONObject, RuleNode, "MergeState", bool], None]


def merge_container(dst: JSONObject, key: str, value: Any, node: RuleNode, state: MergeState, merge: ItemMerge) -> bool:
    """Merge an object or an array of objects ``value`` into ``dst[key]``, objects with ``merge`` (the merge's
    ``merge_object``); an empty object or array contributes nothing.

    Returns:
        false if ``value`` is an array of values (a literal): nothing was done.
    """
    if type(value) is list:
        for element in value:
            if type(element) is not dict:
                return False
        if value:
            state.merge_array(dst, key, value, node)
        return True
    if not value:
        return True
    current = dst.get(key)
    if type(current) is dict:
        merge(current, value, node, state, False)
    elif current is None:
        new: JSONObject = {}
        merge(new, value, node, state, False)
        if new:
            if key in dst:  # a null never places an object: it goes where its first field does
                del dst[key]
            dst[key] = new
    else:
        scratch: JSONObject = {}
        merge(scratch, value, node, state, False)
        if scratch:  # an object with no values conflicts with nothing
            raise TypeConflictError(OBJECT_AFTER_VALUE, current, next(iter(scratch)))
    return True


class MergeState:
    """Per merged release: the index of identifier-merged arrays, and where we are (for messages).

    Arrays built by the merge are registered in ``arrays`` (``id(list)`` -> key -> object), which is also
    how a merged array is told apart from a literal list value. A merge subclasses it to answer
    :meth:`items`, the one thing in which compiled and versioned array merges differ.
    """

    __slots__ = ("arrays", "fresh", "idless", "index", "last", "meta", "nulls", "ocid", "strict", "texts", "warned")

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
        # The versioned value of the current release, its "value" still to set: each new one is a copy (a copy
        # of a dict costs less than building one).
        self.meta: JSONObject = {"releaseID": None, "releaseDate": None, "releaseTag": None, "value": None}
        # id(object of a release) -> (the object, its JSON text or None): see same_text.
        self.texts: dict[int, tuple[Any, bytes | None]] = {}

    def items(self, value: list[JSONObject], node: RuleNode) -> tuple[ItemMerge, ItemMerge]:
        """The hook: how to fill a new object and how to merge into an existing object of the array ``value``
        (asked once per array, so that no element pays for a choice)."""
        raise NotImplementedError

    def merge_array(self, dst: JSONObject, key: str, value: list[JSONObject], node: RuleNode) -> None:
        """Merge a non-empty array of objects into ``dst[key]`` (identifier merge, or an override)."""
        current = dst.get(key)
        array: list[JSONObject] | None
        if current is None or type(current) is not list or id(current) not in self.arrays:
            array = index = None  # created (or the conflict reported) once an object is actually added
        else:
            array, index = current, self.arrays[id(current)]
        strategy = node.strategy
        seen: set[str] | None = set() if len(value) > 1 else None
        position = 0
        skey: Any = None
        fresh = self.fresh
        last = self.last
        build, merge = self.items(value, node)
        try:
            for position, element in enumerate(value):
                if "id" in element:
                    ident = element["id"]
                    skey = ident if type(ident) is str else self._key(ident, node)
                    if seen is not None:
                        if skey in seen:
                            self.warn_duplicate(skey, node)
                        else:
                            seen.add(skey)
                else:
                    ident = MISSING
                    skey = None
                if strategy == IDENTIFIER:
                    mkey: Any = skey
                elif strategy == APPEND:
                    mkey = None
                else:
                    mkey = position
                target = index.get(mkey) if (index is not None and mkey is not None) else None
                if target is None:
                    target = {} if ident is MISSING or ident is None else {"id": ident}
                    preset = len(target)
                    build(target, element, node, self, True)
                    if len(target) > preset or (preset and not node.id_omitted):
                        if array is None or index is None:
                            array, index = self._new_array(dst, key)
                        array.append(target)
                        if mkey is not None:
                            index[mkey] = target
                            last[id(target)] = element
                        else:
                            self.idless = True
                else:
                    # Exactly (as JSON text) what was last merged into it: merging it again is a no-op.
                    before = last.get(id(target))
                    if before is None or self.idless or self.warned or not self.same_text(before, element):
                        merge(target, element, node, self, True)
                        last[id(target)] = element
        except TypeConflictError as conflict:
            if conflict.in_array:
                conflict.in_array = False
            else:
                conflict.parts.append(skey if strategy == IDENTIFIER and skey is not None else position)
            raise
        finally:
            self.fresh = fresh

    def _key(self, ident: Any, node: RuleNode) -> str:
        """The key of an ``id`` that is not a string."""
        kind = type(ident)
        if kind is dict or kind is list:
            raise InvalidIdError(
                f"An object in the `{'.'.join(node.path)}` array has an `id` that is an {kind.__name__}",
                ocid=self.ocid,
                index=self.index,
                path=node.path,
            )
        return str(ident)

    def _new_array(self, dst: JSONObject, key: str) -> tuple[list[JSONObject], dict[Any, JSONObject]]:
        current = dst.get(key)
        index: dict[Any, JSONObject] = {}
        if current is None:
            array: list[JSONObject] = []
            if key in dst:  # a null never places an array: it goes where its first object does
                del dst[key]
        elif type(current) is list:
            # Values, then objects: the objects are added to a copy of the values (as ocdsmerge does).
            array = list(current)
        else:
            conflict = TypeConflictError(ARRAY_AFTER_OBJECT, current)
            conflict.in_array = True
            raise conflict
        self.arrays[id(array)] = index
        dst[key] = array
        return array, index

    def same_text(self, first: Any, second: Any) -> bool:
        """Whether two values are the same JSON text (``==`` would take 1 for 1.0 or True; JSON text doesn't).

        Each object of a release is serialised at most once per merged release (:attr:`texts`, which the
        compiled and versioned merges of a record share): a section or an array's object is compared first as
        the current release's, then as the previous one's. Comparing the texts alone costs less than ``==``
        followed by the texts when they are equal, as most compared sections are. The cache keeps the object,
        so its ``id`` isn't reused while the merge runs.

        Objects with different numbers of fields (or arrays of different lengths) are told apart without
        their texts (a third of the compared sections of a typical contracting process, which grow as it goes
        on): a count is free, a text costs a serialisation. (Comparing by ``==`` first was measured too: on
        equal values it costs as much as the texts, which are then still needed.)
        """
        kind = type(first)
        if kind is not type(second) or ((kind is dict or kind is list) and len(first) != len(second)):
            return False
        texts = self.texts
        entry = texts.get(id(first))
        if entry is None:
            entry = texts[id(first)] = (first, _text(first))
        text = entry[1]
        if text is None:
            return False
        entry = texts.get(id(second))
        if entry is None:
            entry = texts[id(second)] = (second, _text(second))
        return text == entry[1]

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


def _text(value: Any) -> bytes | None:
    try:
        return orjson.dumps(value)
    except TypeError:  # not JSON: never the same as anything
        return None


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
    for key, value in release.items():
        if key in drop:
            continue
        kind = type(value)
        if (kind is dict or kind is list) and value:
            old = previous.get(key, MISSING)
            if old is not MISSING and state.same_text(old, value):
                continue
        out[key] = value
    return out


class MergedRelease:
    """A merged release being built, one release at a time: what compiled and versioned releases share.

    A subclass says how a release's own fields are set (:meth:`_start`), which fields are not merged
    (``_drop``), and how the rest is merged (:meth:`_merge`, with its ``merge_object`` and its
    :class:`MergeState`).
    """

    _drop: tuple[str, ...] = ("tag",)

    def __init__(
        self,
        state: MergeState,
        rules: MergeRules | None,
        rule_overrides: Mapping[tuple[str, ...], Strategy] | None,
    ) -> None:
        if rules is None:
            rules = rules_for_profile()
        if rule_overrides:
            rules = rules.with_overrides(rule_overrides)
        self.rules = rules
        self._root = rules.root()
        self._previous: JSONObject | None = None
        self._skip_unchanged = all(strategy is not Strategy.APPEND for strategy in rules.overrides.values())
        self._state = state
        self._data: JSONObject = {}
        self.count = 0

    def append(self, release: JSONObject, *, index: int | None = None) -> None:
        """Merge one more release (no sorting: it is taken as the latest).

        Args:
            release: the release; it is not modified.
            index: its position in the input, reported in warnings and errors.

        Raises:
            NonObjectReleaseError: the release is not an object.
            InconsistentTypeError: a field's type conflicts with an earlier release's.
            InvalidIdError: an ``id`` in an array is an object or an array.

        Warns:
            DuplicateIdValueWarning: two objects of one array share an ``id``.
        """
        self._previous = None  # the caller may have changed earlier releases since
        self._state.texts = {}
        self._append(release, index)
        self._previous = None
        self._state.texts = {}

    def extend(self, releases: Iterable[JSONObject], *, chronological: bool = False) -> None:
        """Sort releases by date (see :func:`~ocds_regency.merge.sorted_releases`) and merge them in order.

        Errors and warnings name each release by its position in ``releases`` (plus the number of releases
        merged before).
        """
        base = self.count
        self._state.texts = {}
        for position, release in sorted_positions(releases, ocid=self._state.ocid, chronological=chronological):
            self._append(release, base + position)
        self._previous = None
        self._state.texts = {}

    def _append(self, release: JSONObject, index: int | None) -> None:
        # Within one extend(), a section equal to the previous release's is skipped (see changed_sections).
        state = self._state
        if type(release) is not dict:
            raise NonObjectReleaseError(
                f"At least one release is a {type(release).__name__}, not a dict.", ocid=state.ocid, index=index
            )
        ocid = release.get("ocid")
        state.ocid = ocid
        state.index = self.count if index is None else index
        self._start(release)
        sections = changed_sections(release, self._previous, state, self._drop, self._skip_unchanged)
        try:
            self._merge(sections)
        except TypeConflictError as conflict:
            raise conflict.error(ocid=ocid, index=state.index) from None
        self._previous = release
        self.count += 1

    def _start(self, release: JSONObject) -> None:
        """Set the merged release's own fields from the next release."""
        raise NotImplementedError

    def _merge(self, sections: JSONObject) -> None:
        """Merge the next release's sections into the merged release."""
        raise NotImplementedError


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
