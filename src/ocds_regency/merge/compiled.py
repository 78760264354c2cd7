"""Compiled releases: the current state of a contracting process, merged directly over the rule tree.

The merge walks each release alongside the :class:`~ocds_regency.merge.rules.RuleNode` tree and updates
one output object in place; identifier-merged arrays keep an index from ``id`` to object. The result is
the same (``==``, and the same key order) as ocdsmerge 0.8's flatten/unflatten merge, including its
handling of ``null`` (a ``null`` removes a value, never an object or array) and of empty objects and
arrays (they contribute nothing). See the "Merging" documentation page for every rule and deviation.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ocds_regency.merge._base import ItemMerge, MergedRelease, MergeState, TypeConflictError, merge_container
from ocds_regency.merge.rules import OMIT, WHOLE, MergeRules, RuleNode, Strategy
from ocds_regency.types import JSONObject

__all__ = ["CompiledRelease", "export"]


def merge_object(dst: JSONObject, src: JSONObject, node: RuleNode, state: MergeState, item: bool) -> None:
    """Merge the fields of ``src`` into ``dst`` (compiled)."""
    ruled = node.ruled
    arrays = state.arrays
    key: Any = None
    try:
        for key, value in src.items():
            if key in ruled:
                if ruled[key] == OMIT:
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
            if kind is str:  # most values: a literal, straight to the end
                pass
            elif kind is dict or kind is list:
                if merge_container(dst, key, value, node.children.get(key) or node.child(key), state, merge_object):
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


class CompiledState(MergeState):
    """The state of a compiled merge: a new object of an array is built, an existing one merged into."""

    __slots__ = ()

    def items(self, value: list[JSONObject], node: RuleNode) -> tuple[ItemMerge, ItemMerge]:
        return merge_object, merge_object


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


class CompiledRelease(MergedRelease):
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
        super().__init__(CompiledState(strict=strict), rules, rule_overrides)
        self._data["tag"] = ["compiled"]
        if data is not None:
            existing = copy.deepcopy(dict(data))
            for key in ("tag", "id", "date", "ocid"):
                existing.pop(key, None)
            self._data.update({"id": data.get("id"), "date": data.get("date"), "ocid": data.get("ocid")})
            self._data.update(existing)
            self._state.register(self._data, self._root, versioned=False)
            self._state.ocid = data.get("ocid")

    def _start(self, release: JSONObject) -> None:
        ocid = release.get("ocid")
        date = release.get("date")
        data = self._data
        data["id"] = f"{ocid}-{date}"
        data["date"] = date
        data["ocid"] = ocid
        if ocid is None:
            self._state.nulls.append((data, "ocid"))
        if date is None:
            self._state.nulls.append((data, "date"))

    def _merge(self, sections: JSONObject) -> None:
        merge_object(self._data, sections, self._root, self._state, False)

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
