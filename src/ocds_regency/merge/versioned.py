"""Versioned releases: the history of every field of a contracting process.

Each field of the merged release holds a list of versioned values ``{"releaseID", "releaseDate",
"releaseTag", "value"}`` in release order; a value equal to the latest one is not repeated. The ``ocid`` and
the ``id`` of objects in identifier-merged arrays are not versioned. The result is the same as ocdsmerge
0.8's ``create_versioned_release``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from ocds_regency.merge._base import (
    ARRAY_AFTER_OBJECT,
    MISSING,
    OBJECT_AFTER_VALUE,
    MergeState,
    TypeConflictError,
    changed_sections,
    resolve_rules,
    sorted_positions,
)
from ocds_regency.merge.exceptions import InvalidIdError, NonObjectReleaseError
from ocds_regency.merge.rules import APPEND, IDENTIFIER, OMIT, MergeRules, RuleNode, Strategy
from ocds_regency.types import JSONObject

__all__ = ["VersionedRelease"]


def merge_object(
    dst: JSONObject, src: JSONObject, node: RuleNode, state: MergeState, item: bool, meta: tuple[Any, Any, Any]
) -> None:
    """Merge the fields of ``src`` into the versioned object ``dst``."""
    children = node.children
    arrays = state.arrays
    fresh = state.fresh  # only changes in deeper calls, which restore it
    key: Any = None
    try:
        for key, value in src.items():
            child = children.get(key) or node.child(key)
            rule = child.rule
            if rule == OMIT:
                continue
            if not rule:
                kind = type(value)
                if kind is dict:
                    if not value:
                        continue
                    current = dst.get(key)
                    if type(current) is dict:
                        merge_object(current, value, child, state, False, meta)
                    elif current is None:
                        new: JSONObject = {}
                        build_object(new, value, child, state, meta)
                        if new:
                            dst[key] = new
                    else:
                        scratch: JSONObject = {}
                        merge_object(scratch, value, child, state, False, meta)
                        if scratch:  # an object with no values conflicts with nothing
                            raise TypeConflictError(OBJECT_AFTER_VALUE, current, next(iter(scratch)))
                    continue
                if kind is list:
                    if not value:
                        continue
                    for element in value:
                        if type(element) is not dict:
                            break
                    else:
                        merge_array(dst, key, value, child, state, meta)
                        continue
            current = dst.get(key)
            if current is None:
                versioned_value = {"releaseID": meta[0], "releaseDate": meta[1], "releaseTag": meta[2], "value": value}
                dst[key] = [versioned_value]
                if fresh is not None:
                    fresh.add(id(versioned_value))
            elif type(current) is list and id(current) not in arrays:
                if fresh is not None and id(current[-1]) in fresh:
                    # Objects with the same id in one release: one value per field per release, the last one.
                    if len(current) > 1 and current[-2]["value"] == value:
                        fresh.discard(id(current.pop()))
                    else:
                        current[-1]["value"] = value
                elif current[-1]["value"] != value:
                    versioned_value = {
                        "releaseID": meta[0],
                        "releaseDate": meta[1],
                        "releaseTag": meta[2],
                        "value": value,
                    }
                    current.append(versioned_value)
                    if fresh is not None:
                        fresh.add(id(versioned_value))
            # else: an object or array set earlier shadows a later literal, or this is an object's plain `id`
    except TypeConflictError as conflict:
        conflict.parts.append(key)
        raise


def build_object(
    dst: JSONObject, src: JSONObject, node: RuleNode, state: MergeState, meta: tuple[Any, Any, Any]
) -> None:
    """Fill a new, empty object ``dst`` from ``src`` (versioned): :func:`merge_object` without the checks
    that only matter when ``dst`` has fields already."""
    children = node.children
    fresh = state.fresh
    key: Any = None
    try:
        for key, value in src.items():
            child = children.get(key) or node.child(key)
            rule = child.rule
            if rule == OMIT:
                continue
            if not rule:
                kind = type(value)
                if kind is dict:
                    if value:
                        new: JSONObject = {}
                        build_object(new, value, child, state, meta)
                        if new:
                            dst[key] = new
                    continue
                if kind is list:
                    if not value:
                        continue
                    for element in value:
                        if type(element) is not dict:
                            break
                    else:
                        merge_array(dst, key, value, child, state, meta)
                        continue
            versioned_value = {"releaseID": meta[0], "releaseDate": meta[1], "releaseTag": meta[2], "value": value}
            dst[key] = [versioned_value]
            if fresh is not None:
                fresh.add(id(versioned_value))
    except TypeConflictError as conflict:
        conflict.parts.append(key)
        raise


def _new_array(dst: JSONObject, key: str, state: MergeState) -> tuple[list[JSONObject], dict[Any, JSONObject]]:
    current = dst.get(key)
    index: dict[Any, JSONObject] = {}
    if current is None:
        array: list[Any] = []
        dst[key] = array
    elif type(current) is list:
        array = current  # a versioned value, then objects: the objects are added to it (as ocdsmerge does)
    else:
        conflict = TypeConflictError(ARRAY_AFTER_OBJECT, current)
        conflict.in_array = True
        raise conflict
    state.arrays[id(array)] = index
    return array, index


def merge_array(
    dst: JSONObject, key: str, value: list[Any], node: RuleNode, state: MergeState, meta: tuple[Any, Any, Any]
) -> None:
    """Merge a non-empty array of objects into the versioned ``dst[key]``."""
    current = dst.get(key)
    array: list[JSONObject] | None
    if current is None or type(current) is not list or id(current) not in state.arrays:
        array = index = None  # created (or the conflict reported) once an object is actually added
    else:
        array, index = current, state.arrays[id(current)]
    strategy = node.strategy
    seen: set[str] | None = set() if len(value) > 1 else None
    position = 0
    skey: Any = None
    tracking = False
    if seen is not None and strategy == IDENTIFIER and state.fresh is None:
        keys = [str(element["id"]) for element in value if "id" in element]
        if len(set(keys)) < len(keys):
            tracking = True
            state.fresh = set()
    try:
        for position, element in enumerate(value):
            if "id" in element:
                ident = element["id"]
                kind = type(ident)
                if kind is str:
                    skey = ident
                elif kind is dict or kind is list:
                    raise InvalidIdError(
                        f"An object in the `{'.'.join(node.path)}` array has an `id` that is an {kind.__name__}",
                        ocid=state.ocid,
                        index=state.index,
                        path=node.path,
                    )
                else:
                    skey = str(ident)
                if seen is not None:
                    if skey in seen:
                        state.warn_duplicate(skey, node)
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
                merge_object(target, element, node, state, True, meta)
                if len(target) > preset or (preset and not node.id_omitted):
                    if array is None or index is None:
                        array, index = _new_array(dst, key, state)
                    array.append(target)
                    if mkey is not None:
                        index[mkey] = target
                        state.last[id(target)] = element
                    else:
                        state.idless = True
            elif not state.unchanged(target, element):
                merge_object(target, element, node, state, True, meta)
                state.last[id(target)] = element
    except TypeConflictError as conflict:
        if conflict.in_array:
            conflict.in_array = False
        else:
            conflict.parts.append(skey if strategy == IDENTIFIER and skey is not None else position)
        raise
    finally:
        if tracking:
            state.fresh = None


class VersionedRelease:
    """A versioned release being built, one release at a time.

    Args:
        data: an existing versioned release to continue from (not modified).
        rules: the merge rules (default: core OCDS 1.1.5).
        rule_overrides: per-array strategy overrides.
    """

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        rules: MergeRules | None = None,
        rule_overrides: Mapping[tuple[str, ...], Strategy] | None = None,
    ) -> None:
        self.rules = resolve_rules(rules, rule_overrides)
        self._root = self.rules.root()
        self._previous: JSONObject | None = None
        self._skip_unchanged = all(strategy is not Strategy.APPEND for strategy in self.rules.overrides.values())
        self._state = MergeState()
        self._data: JSONObject = {}
        self.count = 0
        if data is not None:
            self._data = copy.deepcopy(dict(data))
            self._state.register(self._data, self._root, versioned=True)
            self._state.ocid = data.get("ocid")

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
        self._append(release, index)
        self._previous = None

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
        self._data["ocid"] = ocid
        meta = (release.get("id"), release.get("date"), release.get("tag"))
        sections = changed_sections(release, self._previous, state, ("tag", "ocid"), self._skip_unchanged)
        try:
            merge_object(self._data, sections, self._root, state, False, meta)
        except TypeConflictError as conflict:
            raise conflict.error(ocid=ocid, index=state.index) from None
        self._previous = release
        self.count += 1

    def extend(self, releases: Iterable[JSONObject], *, chronological: bool = False) -> None:
        """Sort releases by date (see :func:`~ocds_regency.merge.sorted_releases`) and merge them in order."""
        base = self.count
        for position, release in sorted_positions(releases, ocid=self._state.ocid, chronological=chronological):
            self._append(release, base + position)
        self._previous = None

    def asdict(self) -> JSONObject:
        """Return a copy of the versioned release (``ocid`` first)."""
        return self._export(copy_values=True)

    def _take(self) -> JSONObject:
        return self._export(copy_values=False)

    def _export(self, *, copy_values: bool) -> JSONObject:
        data = self._data
        if copy_values:
            data = _copy_containers(data)
        if "ocid" in data and data["ocid"] is None:
            data = {key: value for key, value in data.items() if key != "ocid"}
        return data


def _copy_containers(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key: _copy_containers(item) for key, item in value.items()}
    if kind is list:
        return [_copy_containers(item) for item in value]
    return value
