"""Compiled releases: the current state of a contracting process, merged directly over the rule tree.

The merge walks each release alongside the :class:`~ocds_regency.merge.rules.RuleNode` tree and updates
one output object in place; identifier-merged arrays keep an index from ``id`` to object. The result is
the same (``==``, and the same key order) as ocdsmerge 0.8's flatten/unflatten merge, including its
handling of ``null`` (a ``null`` removes a value, never an object or array) and of empty objects and
arrays (they contribute nothing). See the "Merging" documentation page for every rule and deviation.
"""

from __future__ import annotations

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
from ocds_regency.merge.rules import APPEND, IDENTIFIER, OMIT, WHOLE, MergeRules, RuleNode, Strategy
from ocds_regency.types import JSONObject

__all__ = ["CompiledRelease", "export"]


def merge_object(dst: JSONObject, src: JSONObject, node: RuleNode, state: MergeState, item: bool) -> None:
    """Merge the fields of ``src`` into ``dst`` (compiled)."""
    children = node.children
    arrays = state.arrays
    key: Any = None
    try:
        for key, value in src.items():
            child = children.get(key) or node.child(key)
            rule = child.rule
            if rule:
                if rule == OMIT:
                    continue
                # whole list merge: the value replaces whatever was there
                if value is None:
                    state.nulls.append((dst, key))
                dst[key] = value
                continue
            if item and key == "id":
                if dst.get("id") is not None:
                    continue
                if value is None:
                    state.nulls.append((dst, key))
                dst["id"] = value
                continue
            kind = type(value)
            if kind is dict:
                if not value:
                    continue
                current = dst.get(key)
                if type(current) is dict:
                    merge_object(current, value, child, state, False)
                elif current is None:
                    new: JSONObject = {}
                    build_object(new, value, child, state, False)
                    if new:
                        if key in dst:  # a null never places an object: it goes where its first field does
                            del dst[key]
                        dst[key] = new
                else:
                    scratch: JSONObject = {}
                    merge_object(scratch, value, child, state, False)
                    if scratch:  # an object with no values conflicts with nothing
                        raise TypeConflictError(OBJECT_AFTER_VALUE, current, next(iter(scratch)))
                continue
            if kind is list:
                if not value:
                    continue  # an empty array that is not replaced whole contributes nothing
                for element in value:
                    if type(element) is not dict:
                        break
                else:
                    merge_array(dst, key, value, child, state)
                    continue
            elif value is None:
                state.nulls.append((dst, key))
                if state.strict:
                    dst[key] = None
                    continue
            # A literal (a value or a list of values) replaces a literal; an object or an array set earlier
            # shadows it (as in the reference).
            current = dst.get(key)
            if current is None or (
                type(current) is not dict and (type(current) is not list or id(current) not in arrays)
            ):
                dst[key] = value
    except TypeConflictError as conflict:
        conflict.parts.append(key)
        raise


def build_object(dst: JSONObject, src: JSONObject, node: RuleNode, state: MergeState, item: bool) -> None:
    """Fill a new, empty object ``dst`` from ``src`` (compiled): :func:`merge_object` without the checks that
    only matter when ``dst`` has fields already (``dst`` only holds a preset ``id`` at most)."""
    children = node.children
    key: Any = None
    try:
        for key, value in src.items():
            child = children.get(key) or node.child(key)
            rule = child.rule
            if rule:
                if rule == OMIT:
                    continue
                if value is None:
                    state.nulls.append((dst, key))
                dst[key] = value
                continue
            if item and key == "id":
                if dst.get("id") is not None:
                    continue
                if value is None:
                    state.nulls.append((dst, key))
                dst["id"] = value
                continue
            kind = type(value)
            if kind is dict:
                if value:
                    new: JSONObject = {}
                    build_object(new, value, child, state, False)
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
                    merge_array(dst, key, value, child, state)
                    continue
            elif value is None:
                state.nulls.append((dst, key))
            dst[key] = value
    except TypeConflictError as conflict:
        conflict.parts.append(key)
        raise


def _new_array(dst: JSONObject, key: str, state: MergeState) -> tuple[list[JSONObject], dict[Any, JSONObject]]:
    current = dst.get(key)
    index: dict[Any, JSONObject] = {}
    if current is None:
        array: list[JSONObject] = []
        if key in dst:  # a null never places an array: it goes where its first object does
            del dst[key]
    elif type(current) is list:
        array = list(current)  # a list of values, then objects: the objects are added to it (as ocdsmerge does)
    else:
        conflict = TypeConflictError(ARRAY_AFTER_OBJECT, current)
        conflict.in_array = True
        raise conflict
    state.arrays[id(array)] = index
    dst[key] = array
    return array, index


def merge_array(dst: JSONObject, key: str, value: list[Any], node: RuleNode, state: MergeState) -> None:
    """Merge a non-empty array of objects into ``dst[key]`` (identifier merge, or an override)."""
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
                build_object(target, element, node, state, True)
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
                merge_object(target, element, node, state, True)
                state.last[id(target)] = element
    except TypeConflictError as conflict:
        if conflict.in_array:
            conflict.in_array = False
        else:
            conflict.parts.append(skey if strategy == IDENTIFIER and skey is not None else position)
        raise


def export(value: JSONObject, node: RuleNode, state: MergeState) -> JSONObject:
    """Return a copy of merged data without ``null`` values in merged objects (objects and arrays are kept,
    even if empty; literal values, including whole-list arrays, are kept as they are)."""
    out: JSONObject = {}
    for key, item in value.items():
        if item is None:
            continue
        kind = type(item)
        if kind is dict:
            child = node.child(key)
            out[key] = item if child.rule == WHOLE else export(item, child, state)
        elif kind is list and id(item) in state.arrays:
            child = node.child(key)
            out[key] = [export(element, child, state) for element in item]
        else:
            out[key] = item
    return out


class CompiledRelease:
    """A compiled release being built, one release at a time.

    Args:
        data: an existing compiled release to continue from (not modified), e.g. one stored earlier.
        rules: the merge rules (default: core OCDS 1.1.5).
        rule_overrides: per-array strategy overrides (``{("awards",): Strategy.APPEND}``).
        strict: follow the standard where the reference deviates: a ``null`` removes an object or array too.

    Example:
        >>> compiled = CompiledRelease()
        >>> compiled.extend([{"ocid": "o", "id": "1", "date": "2024-01-01", "tender": {"status": "active"}}])
        >>> compiled.asdict()["tender"]
        {'status': 'active'}
    """

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        rules: MergeRules | None = None,
        rule_overrides: Mapping[tuple[str, ...], Strategy] | None = None,
        strict: bool = False,
    ) -> None:
        self.rules = resolve_rules(rules, rule_overrides)
        self._root = self.rules.root()
        self._previous: JSONObject | None = None
        self._skip_unchanged = all(strategy is not Strategy.APPEND for strategy in self.rules.overrides.values())
        self._state = MergeState(strict=strict)
        self._data: JSONObject = {"tag": ["compiled"]}
        self.count = 0
        if data is not None:
            import copy

            existing = copy.deepcopy(dict(data))
            for key in ("tag", "id", "date", "ocid"):
                existing.pop(key, None)
            self._data.update({"id": data.get("id"), "date": data.get("date"), "ocid": data.get("ocid")})
            self._data.update(existing)
            self._state.register(self._data, self._root, versioned=False)
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
        date = release.get("date")
        state.ocid = ocid
        state.index = self.count if index is None else index
        data = self._data
        data["id"] = f"{ocid}-{date}"
        data["date"] = date
        data["ocid"] = ocid
        if ocid is None:
            state.nulls.append((data, "ocid"))
        if date is None:
            state.nulls.append((data, "date"))
        sections = changed_sections(release, self._previous, state, ("tag",), self._skip_unchanged)
        try:
            merge_object(data, sections, self._root, state, False)
        except TypeConflictError as conflict:
            raise conflict.error(ocid=ocid, index=state.index) from None
        self._previous = release
        self.count += 1

    def extend(self, releases: Iterable[JSONObject], *, chronological: bool = False) -> None:
        """Sort releases by date (see :func:`~ocds_regency.merge.sorted_releases`) and merge them in order.

        Errors and warnings name each release by its position in ``releases`` (plus the number of releases
        merged before).
        """
        base = self.count
        for position, release in sorted_positions(releases, ocid=self._state.ocid, chronological=chronological):
            self._append(release, base + position)
        self._previous = None

    def asdict(self) -> JSONObject:
        """Return the compiled release (``tag``, ``id``, ``date``, ``ocid`` first, nulls removed).

        The result is a new object; literal values (strings, lists of codes, whole-list arrays) are shared
        with the inputs.
        """
        return export(self._data, self._root, self._state)

    def _take(self) -> JSONObject:
        # The result without copying: nulls are removed in place; the object must not be merged into after.
        for container, key in self._state.nulls:
            if key in container and container[key] is None:
                del container[key]
        self._state.nulls = []
        return self._data
