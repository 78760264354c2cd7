"""Versioned releases: the history of every field of a contracting process.

Each field of the merged release holds a list of versioned values ``{"releaseID", "releaseDate",
"releaseTag", "value"}`` in release order; a value equal to the latest one is not repeated. The ``ocid`` and
the ``id`` of objects in identifier-merged arrays are not versioned. The result is the same as ocdsmerge
0.8's ``create_versioned_release``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ocds_regency.merge._base import ItemMerge, MergedRelease, MergeState, TypeConflictError, merge_container
from ocds_regency.merge.rules import IDENTIFIER, OMIT, MergeRules, RuleNode, Strategy
from ocds_regency.types import JSONObject

__all__ = ["VersionedRelease"]


def merge_object(dst: JSONObject, src: JSONObject, node: RuleNode, state: MergeState, item: bool) -> None:
    """Merge the fields of ``src`` into the versioned object ``dst``.

    ``item`` (``dst`` is an object of an array) changes nothing here: an object's ``id`` set with it stands
    before any versioned value, so a later one is shadowed as any literal is by an earlier object.
    """
    meta = state.meta
    ruled = node.ruled
    arrays = state.arrays
    fresh = state.fresh  # only changes in deeper calls, which restore it
    key: Any = None
    try:
        for key, value in src.items():
            if key in ruled:
                if ruled[key] == OMIT:
                    continue
            else:
                kind = type(value)
                if (kind is dict or kind is list) and merge_container(
                    dst, key, value, node.children.get(key) or node.child(key), state, merge_object
                ):
                    continue
            current = dst.get(key)
            if current is None:
                versioned_value = meta.copy()
                versioned_value["value"] = value
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
                    versioned_value = meta.copy()
                    versioned_value["value"] = value
                    current.append(versioned_value)
                    if fresh is not None:
                        fresh.add(id(versioned_value))
            # else: an object or array set earlier shadows a later literal, or this is an object's plain `id`
    except TypeConflictError as conflict:
        conflict.parts.append(key)
        raise


class VersionedState(MergeState):
    """The state of a versioned merge: objects of arrays are merged into, new or not (an object's ``id`` is
    set before its fields, and is not versioned)."""

    __slots__ = ()

    def items(self, value: list[JSONObject], node: RuleNode) -> tuple[ItemMerge, ItemMerge]:
        # Objects with the same id in one release: one versioned value per field per release, the last one;
        # the values this release adds are tracked for that while this array is merged.
        if self.fresh is None and len(value) > 1 and node.strategy == IDENTIFIER:
            keys = [str(element["id"]) for element in value if "id" in element]
            if len(set(keys)) < len(keys):
                self.fresh = set()
        return merge_object, merge_object


class VersionedRelease(MergedRelease):
    """A versioned release being built, one release at a time.

    Args:
        data: an existing versioned release to continue from (not modified).
        rules: the merge rules (default: core OCDS 1.1.5).
        rule_overrides: per-array strategy overrides.
    """

    _drop = ("tag", "ocid")

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        rules: MergeRules | None = None,
        rule_overrides: Mapping[tuple[str, ...], Strategy] | None = None,
    ) -> None:
        super().__init__(VersionedState(), rules, rule_overrides)
        if data is not None:
            self._data = copy.deepcopy(dict(data))
            self._state.register(self._data, self._root, versioned=True)
            self._state.ocid = data.get("ocid")

    def _start(self, release: JSONObject) -> None:
        self._data["ocid"] = release.get("ocid")
        self._state.meta = {
            "releaseID": release.get("id"),
            "releaseDate": release.get("date"),
            "releaseTag": release.get("tag"),
            "value": None,
        }

    def _merge(self, sections: JSONObject) -> None:
        merge_object(self._data, sections, self._root, self._state, False)

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
