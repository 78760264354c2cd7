"""Merge rules: which fields are discarded (``omitWhenMerged``) and which arrays are replaced whole
(``wholeListMerge``), derived from a release schema, plus per-array strategy overrides.

The rules are the same as ocdsmerge 0.8 derives: walk the dereferenced schema's ``properties``; a field with
``omitWhenMerged`` (or OCDS 1.0 ``"mergeStrategy": "ocdsOmit"``) is discarded with everything below it; an
array field with ``wholeListMerge`` (or 1.0 ``"ocdsVersion"``) is replaced whole and nothing below it is
looked at; an object field with ``properties`` is walked; an array field whose items are not all objects, or
whose items are objects without an ``id`` property, is replaced whole; otherwise its items' properties are
walked. Rule paths name fields only, never array positions: ``("awards", "items", "additionalClassifications")``.

The hot merge loops don't look rules up by path: :meth:`MergeRules.root` returns a tree of
:class:`RuleNode` objects, one per field path, that the merge walks alongside the data.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from functools import cache
from os import PathLike
from typing import TYPE_CHECKING, Any, Final

from ocds_regency.errors import SchemaError

if TYPE_CHECKING:
    from ocds_regency.standard import Profile

__all__ = [
    "OMIT_WHEN_MERGED",
    "WHOLE_LIST_MERGE",
    "MergeRules",
    "RuleNode",
    "Strategy",
    "rules_for_profile",
    "rules_from_schema",
]

#: Rule name for a discarded field.
OMIT_WHEN_MERGED: Final = "omitWhenMerged"
#: Rule name for an array (or value) replaced whole.
WHOLE_LIST_MERGE: Final = "wholeListMerge"

# Integer codes used by the merge loops.
NORMAL, OMIT, WHOLE = 0, 1, 2
IDENTIFIER, APPEND, BY_POSITION = 0, 1, 2

#: Beyond this many cached nodes for fields that are not in the schema, new ones are built on demand and
#: not kept (bounds memory on data with arbitrary keys).
_MAX_EXTRA_NODES = 100_000


class Strategy(enum.Enum):
    """How the objects of one array are matched across releases, overriding the identifier merge.

    Attributes:
        APPEND: every object of every release is kept, in order (nothing is merged).
        MERGE_BY_POSITION: objects are matched by their position in the array, not by ``id``.
    """

    APPEND = "append"
    MERGE_BY_POSITION = "mergeByPosition"


class RuleNode:
    """One field path of the rule tree, with its rule and its children.

    Attributes:
        path: the field path (no array positions).
        rule: 0 (merge normally), 1 (omit when merged) or 2 (whole list merge).
        strategy: for arrays of objects: 0 (identifier merge), 1 (append) or 2 (merge by position).
        children: child nodes by field name; nodes for fields not in the schema are added on first use.
        ruled: the rule of each child that has one, by field name (the merge loops look a field up here
            first: most fields have no rule, and their values need no node).
    """

    __slots__ = ("_tree", "children", "path", "rule", "ruled", "strategy")

    def __init__(self, path: tuple[str, ...], tree: _Tree, rule: int = NORMAL, strategy: int = IDENTIFIER) -> None:
        self.path = path
        self.rule = rule
        self.strategy = strategy
        self.children: dict[str, RuleNode] = {}
        self.ruled: dict[str, int] = {}
        self._tree = tree

    def child(self, key: str) -> RuleNode:
        """Return the child node for ``key``, creating a rule-less one if the schema doesn't have it."""
        node = self.children.get(key)
        if node is None:
            node = RuleNode((*self.path, key), self._tree)
            if self._tree.extra < _MAX_EXTRA_NODES:
                self._tree.extra += 1
                self.children[key] = node
        return node

    @property
    def id_omitted(self) -> bool:
        """Whether the ``id`` field of this array's objects is discarded when merged."""
        node = self.children.get("id")
        return node is not None and node.rule == OMIT

    def __repr__(self) -> str:
        return f"RuleNode({'.'.join(self.path) or '<root>'}, rule={self.rule}, strategy={self.strategy})"


class _Tree:
    __slots__ = ("extra",)

    def __init__(self) -> None:
        self.extra = 0


class MergeRules:
    """An immutable set of merge rules and strategy overrides.

    Args:
        rules: rule path -> ``"omitWhenMerged"`` or ``"wholeListMerge"`` (the shape ocdsmerge's
            ``get_merge_rules`` returns).
        overrides: rule path of an array -> :class:`Strategy` (ocdsmerge's ``rule_overrides``).

    Raises:
        ValueError: a rule is not one of the two rule names.
    """

    __slots__ = ("_root", "overrides", "rules")

    def __init__(
        self,
        rules: Mapping[tuple[str, ...], str] | None = None,
        overrides: Mapping[tuple[str, ...], Strategy] | None = None,
    ) -> None:
        self.rules: Mapping[tuple[str, ...], str] = dict(rules or {})
        self.overrides: Mapping[tuple[str, ...], Strategy] = {
            tuple(path): Strategy(strategy) for path, strategy in (overrides or {}).items()
        }
        for path, rule in self.rules.items():
            if rule not in (OMIT_WHEN_MERGED, WHOLE_LIST_MERGE):
                raise ValueError(f"unknown merge rule {rule!r} for {'.'.join(path)}")
        self._root: RuleNode | None = None

    def with_overrides(self, overrides: Mapping[tuple[str, ...], Strategy]) -> MergeRules:
        """Return these rules with more strategy overrides (later ones win)."""
        return MergeRules(self.rules, {**self.overrides, **overrides})

    def root(self) -> RuleNode:
        """Return the rule tree (built once, shared by every merge that uses these rules)."""
        if self._root is None:
            tree = _Tree()
            root = RuleNode((), tree)
            codes = {OMIT_WHEN_MERGED: OMIT, WHOLE_LIST_MERGE: WHOLE}
            for path, rule in self.rules.items():
                self._node(root, path).rule = codes[rule]
                self._node(root, path[:-1]).ruled[path[-1]] = codes[rule]
            strategies = {Strategy.APPEND: APPEND, Strategy.MERGE_BY_POSITION: BY_POSITION}
            for path, strategy in self.overrides.items():
                self._node(root, path).strategy = strategies[strategy]
            tree.extra = 0
            self._root = root
        return self._root

    @staticmethod
    def _node(root: RuleNode, path: tuple[str, ...]) -> RuleNode:
        node = root
        for key in path:
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = RuleNode((*node.path, key), node._tree)
            node = child
        return node

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MergeRules):
            return NotImplemented
        return self.rules == other.rules and self.overrides == other.overrides

    def __hash__(self) -> int:
        return hash((frozenset(self.rules.items()), frozenset(self.overrides.items())))

    def __reduce__(self) -> tuple[Any, ...]:
        return (MergeRules, (dict(self.rules), dict(self.overrides)))

    def __repr__(self) -> str:
        return f"MergeRules({len(self.rules)} rules, {len(self.overrides)} overrides)"


def _types(prop: Mapping[str, Any]) -> list[str]:
    kind = prop.get("type")
    if kind is None:
        return []
    if isinstance(kind, str):
        return [kind]
    return [str(item) for item in kind]


class _Resolver:
    """Follow local ``$ref``s (``#/definitions/X``, or a release-schema URL with a fragment)."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def resolve(self, node: Any, chain: tuple[str, ...]) -> tuple[Any, tuple[str, ...]]:
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            if ref in chain:  # a cycle: stop descending here
                return {}, chain
            base, _, fragment = ref.partition("#")
            if base and not base.endswith("release-schema.json"):
                raise SchemaError(f"can't resolve $ref {ref!r} offline: only references inside the schema are followed")
            target: Any = self.root
            for part in (part for part in fragment.split("/") if part):
                part = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, Mapping) or part not in target:
                    raise SchemaError(f"$ref {ref!r} points to nothing in the schema")
                target = target[part]
            node, chain = target, (*chain, ref)
        return node, chain


def _walk(
    properties: Any, path: tuple[str, ...], resolver: _Resolver, chain: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], str]]:
    if not isinstance(properties, Mapping):
        return
    for key, raw in properties.items():
        value, value_chain = resolver.resolve(raw, chain)
        if not isinstance(value, Mapping):
            continue
        new_path = (*path, key)
        types = _types(value)
        if value.get("omitWhenMerged") or value.get("mergeStrategy") == "ocdsOmit":
            yield new_path, OMIT_WHEN_MERGED
        elif "array" in types and (value.get("wholeListMerge") or value.get("mergeStrategy") == "ocdsVersion"):
            yield new_path, WHOLE_LIST_MERGE
        elif "object" in types and "properties" in value:
            yield from _walk(value["properties"], new_path, resolver, value_chain)
        elif "array" in types and "items" in value:
            items, items_chain = resolver.resolve(value["items"], value_chain)
            if not isinstance(items, Mapping):
                continue
            item_types = _types(items)
            if any(kind != "object" for kind in item_types):
                yield new_path, WHOLE_LIST_MERGE
            elif "object" in item_types and "properties" in items:
                if "id" not in items["properties"]:
                    yield new_path, WHOLE_LIST_MERGE
                else:
                    yield from _walk(items["properties"], new_path, resolver, items_chain)


def rules_from_schema(
    schema: Mapping[str, Any] | str | PathLike[str],
    overrides: Mapping[tuple[str, ...], Strategy] | None = None,
) -> MergeRules:
    """Derive merge rules from a release schema (a dict, or the path of a JSON file; never a URL).

    Args:
        schema: the release schema, with ``$ref``s inside itself (``#/definitions/...``).
        overrides: optional per-array strategy overrides.

    Returns:
        The rules, e.g. 24 of them for the OCDS 1.1.4 and 1.1.5 release schemas.

    Raises:
        SchemaError: the file can't be read or isn't a JSON object with ``properties``, or a ``$ref``
            points outside the schema.
    """
    if not isinstance(schema, Mapping):
        from ocds_regency.standard import read_schema

        schema = read_schema(schema)
    if not isinstance(schema, Mapping) or not isinstance(schema.get("properties"), Mapping):
        raise SchemaError("the release schema must be a JSON object with `properties`")
    resolver = _Resolver(schema)
    return MergeRules(dict(_walk(schema["properties"], (), resolver, ())), overrides)


@cache
def _profile_rules(profile: Profile) -> MergeRules:
    return rules_from_schema(profile.release_schema)


def rules_for_profile(profile: Profile | None = None) -> MergeRules:
    """Return the merge rules of a :class:`~ocds_regency.standard.Profile` (cached per profile).

    Args:
        profile: a profile from :func:`~ocds_regency.standard.load_profile`; ``None`` for core OCDS 1.1.5
            without extensions.
    """
    if profile is None:
        from ocds_regency.standard import load_profile

        profile = load_profile([])
    return _profile_rules(profile)
