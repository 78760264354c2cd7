"""OCDS checks the JSON Schema can't express, in one walk over each release.

The release schema of a profile is compiled once into a tree of :class:`FieldRule` nodes (``$ref``s
resolved, codelists attached, merge behaviour of each array worked out). :func:`walk_release` then
visits every field of a release once and reports:

* closed-codelist values (``codelist.closed``, error) and open-codelist values (``codelist.open``,
  information), with extension codelist additions, at every path;
* deprecated fields (``ocds.deprecated``) and fields the schema doesn't define
  (``ocds.additional_field``; language variants such as ``title_id`` are not additional);
* objects without ``id`` in arrays merged by id (``ocds.missing_id``, only where the schema doesn't
  already require the ``id``);
* duplicate ``id``s: an error (``schema.unique_ids``) in arrays with ``uniqueItems``, a warning
  (``ocds.duplicate_id``) in id-merged arrays without it (documents, milestones, amendments, ...);
  duplicate values in ``uniqueItems`` arrays of strings (``schema.unique_items``);
* empty or blank strings, empty objects and empty arrays (``ocds.empty_value``);
* identifiers (the ``Identifier`` definition: ``parties[].identifier``, ``additionalIdentifiers``,
  ...) with an ``id`` but no ``scheme`` (``ocds.identifier_without_scheme``).

Everything is linear in the size of the release.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jsonschema_rs

from ocds_regency.standard import Profile
from ocds_regency.validate.findings import Finding, escape_pointer, make_finding

__all__ = [
    "FieldRule",
    "compile_rules",
    "fused_schema",
    "ids_clean",
    "lint_schema",
    "lint_validator",
    "walk_ids",
    "walk_release",
]

_LANG_PATTERN = re.compile(r"^\^\(([A-Za-z0-9]+)_")
_LANG_TAG = re.compile(r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|x(?:-[A-Za-z0-9]{1,8})+)$")
_INDEX = re.compile(r"/\d+(?=/|$)")


@dataclass(eq=False, slots=True)
class FieldRule:
    """What the schema says about one field (and, for arrays, about their items).

    Attributes:
        props: property name -> rule, for objects with properties (else ``None``).
        items: rule for array items (else ``None``).
        codes: allowed codes when the field (or its array items) uses a codelist.
        codelist: the codelist name.
        closed: whether that codelist is closed.
        deprecated: the OCDS version that deprecated the field, if any.
        lang_bases: property names that accept language variants (``title`` -> ``title_id``).
        id_array: 0 for other arrays, 1 for arrays of objects with ``uniqueItems`` (unique ids),
            2 for arrays merged by id without ``uniqueItems``.
        id_required: whether items of an id array must have an ``id`` (the schema reports it).
        unique_scalars: ``uniqueItems`` on an array of non-objects.
        plain: a string field with nothing to check but emptiness (no codelist, not deprecated).
        id_children: the properties under which an id array (or unique array) is found.
        identifier: an object of the ``Identifier`` definition (an ``id`` needs a ``scheme``).
    """

    props: dict[str, FieldRule] | None = None
    items: FieldRule | None = None
    codes: frozenset[str] | None = None
    codelist: str = ""
    closed: bool = False
    deprecated: str | None = None
    lang_bases: frozenset[str] = field(default_factory=frozenset)
    id_array: int = 0
    id_required: bool = False
    unique_scalars: bool = False
    plain: bool = False
    id_children: dict[str, FieldRule] | None = None
    identifier: bool = False


class _Compiler:
    def __init__(self, profile: Profile) -> None:
        self.root = profile.release_schema
        self.codelists = profile.codelists
        self.memo: dict[int, FieldRule] = {}
        definitions = self.root.get("definitions")
        found = definitions.get("Identifier") if isinstance(definitions, Mapping) else None
        self.identifier: Mapping[str, Any] | None = found if isinstance(found, Mapping) else None

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 20:
            ref = schema["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                return {}
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target.get(part, {}) if isinstance(target, Mapping) else {}
            schema = target if isinstance(target, Mapping) else {}
            seen += 1
        return schema

    def object_rule(self, schema: Mapping[str, Any]) -> FieldRule:
        schema = self.resolve(schema)
        key = id(schema)
        if key in self.memo:
            return self.memo[key]
        rule = FieldRule(props={}, identifier=schema is self.identifier)
        self.memo[key] = rule
        assert rule.props is not None
        for name, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, Mapping):
                rule.props[name] = self.field_rule(sub)
        bases = set()
        for pattern in schema.get("patternProperties") or {}:
            match = _LANG_PATTERN.match(pattern)
            if match:
                bases.add(match.group(1))
        rule.lang_bases = frozenset(bases)
        return rule

    def field_rule(self, raw: Mapping[str, Any]) -> FieldRule:
        schema = self.resolve(raw)
        types = schema.get("type")
        type_set = set(types) if isinstance(types, list) else {types} if types else set()
        if "array" in type_set or "items" in schema:
            items_raw = schema.get("items")
            items = self.resolve(items_raw) if isinstance(items_raw, Mapping) else {}
            item_types = items.get("type")
            item_type_set = set(item_types) if isinstance(item_types, list) else {item_types} if item_types else set()
            is_object = "object" in item_type_set or "properties" in items
            rule = FieldRule()
            if is_object:
                rule.items = self.object_rule(items)
                props = items.get("properties") or {}
                if "id" in props and not schema.get("wholeListMerge", False):
                    rule.id_array = 1 if schema.get("uniqueItems") else 2
                    rule.id_required = "id" in (items.get("required") or [])
            else:
                rule.items = FieldRule()
                rule.unique_scalars = bool(schema.get("uniqueItems"))
        elif "object" in type_set or "properties" in schema:
            rule = self.object_rule(schema)
            if raw.get("deprecated") or schema.get("deprecated"):
                # Shared definitions can't carry a per-field deprecation: wrap the rule.
                rule = FieldRule(props=rule.props, lang_bases=rule.lang_bases, identifier=rule.identifier)
        else:
            rule = FieldRule()
        deprecated = raw.get("deprecated") or schema.get("deprecated")
        if isinstance(deprecated, Mapping):
            rule.deprecated = str(deprecated.get("deprecatedVersion", "?"))
        codelist = raw.get("codelist") or schema.get("codelist")
        if isinstance(codelist, str):
            name = codelist.removesuffix(".csv")
            found = self.codelists.get(name)
            if found is not None:
                target = rule.items if rule.items is not None and rule.items.props is None else rule
                target.codes = frozenset(found.codes)
                target.codelist = name
                target.closed = not bool(raw.get("openCodelist", schema.get("openCodelist", False)))
        return rule


def _finish(rule: FieldRule, seen: dict[int, bool]) -> bool:
    """Set ``plain`` and ``id_children`` on the tree; return whether ``rule`` leads to an id check."""
    key = id(rule)
    if key in seen:
        return seen[key]
    seen[key] = False  # a cycle leads nowhere new
    rule.plain = rule.codes is None and rule.deprecated is None and rule.props is None and rule.items is None
    needs = bool(rule.id_array or rule.unique_scalars)
    if rule.items is not None and _finish(rule.items, seen):
        needs = True
    if rule.props is not None:
        rule.id_children = {name: child for name, child in rule.props.items() if _finish(child, seen)}
        needs = needs or bool(rule.id_children)
    seen[key] = needs
    return needs


@cache
def compile_rules(profile: Profile) -> FieldRule:
    """The rule tree of ``profile``'s release schema (compiled once per profile)."""
    root = _Compiler(profile).object_rule(profile.release_schema)
    _finish(root, {})
    return root


#: A string that starts with a character that isn't blank: stricter than "not blank" (a string with leading white
#: space goes to the walk, which decides), and about half the cost of a search through the string (the lint
#: schema's most frequent keyword). str.isspace() also counts U+001C..U+001F and U+0085 as space; the schema
#: engine's \s (ECMA 262's) doesn't (U+0085 let a blank string through the lint before; found by the property
#: test of blank strings).
_NOT_BLANK = "^[^\\s\\x1c-\\x1f\\x85]"
_LANG_SUFFIX = "(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|x(?:-[A-Za-z0-9]{1,8})+)"


# An identifier passes the lint if it has no ``id`` or has a non-null ``scheme`` (stricter than the walk).
_IDENTIFIER_LINT = [
    {"not": {"required": ["id"]}},
    {"required": ["scheme"], "properties": {"scheme": {"not": {"type": "null"}}}},
]


class _Lint:
    """The lint schema's nodes, made once per rule (object rules become definitions ``r0``, ``r1``, ...)."""

    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}
        self.names: dict[int, str] = {}

    def convert(self, rule: FieldRule) -> dict[str, Any]:
        """The lint node of ``rule`` (a ``$ref`` to its definition for an object)."""
        node = {"$ref": f"#/definitions/{self.body_name(rule)}"} if rule.props is not None else self.leaf(rule)
        return _deprecated(node) if rule.deprecated is not None else node

    def body_name(self, rule: FieldRule) -> str:
        """The name of the definition of an object rule (made on first use)."""
        key = id(rule)
        if key not in self.names:
            assert rule.props is not None
            name = self.names[key] = f"r{len(self.names)}"
            body: dict[str, Any] = {
                "properties": {name: self.convert(child) for name, child in rule.props.items()},
                "additionalProperties": False,
                **_EMPTY_LINT,
            }
            if rule.lang_bases:
                bases = "|".join(re.escape(base) for base in sorted(rule.lang_bases))
                body["patternProperties"] = {f"^(?:{bases})_{_LANG_SUFFIX}$": {}}
            if rule.identifier:
                body["anyOf"] = _IDENTIFIER_LINT
            self.definitions[name] = body
        return self.names[key]

    def leaf(self, rule: FieldRule) -> dict[str, Any]:
        """The lint node of a rule without properties (not wrapped for a deprecation)."""
        node: dict[str, Any] = dict(_EMPTY_LINT)
        if rule.items is not None:
            node["items"] = self.convert(rule.items)
        if rule.codes is not None:
            node["enum"] = [*sorted(rule.codes), None]
            if not any(code.isspace() or not code for code in rule.codes):
                del node["pattern"]  # the codes refuse blank strings already
        return node


#: Blank strings, empty arrays and empty objects fail the lint.
_EMPTY_LINT = {"pattern": _NOT_BLANK, "minItems": 1, "minProperties": 1}


def _deprecated(node: dict[str, Any]) -> dict[str, Any]:
    """``node``, and the field absent or null (a deprecated field)."""
    return {"allOf": [node, {"not": {"not": {"type": "null"}}}]}


def lint_schema(rules: FieldRule) -> dict[str, Any]:
    """A JSON Schema that every release :func:`walk_release` would find nothing in passes.

    It is a conservative translation of the rule tree (additional properties, blank strings, empty
    objects and arrays, codelists, deprecated fields): when it passes, only the id checks remain
    (:func:`walk_ids`); when it fails, the full walk finds out what exactly is wrong. It lets the
    schema engine clear clean releases at native speed.
    """
    lint = _Lint()
    root = lint.convert(rules)
    return {"definitions": lint.definitions, **root}


#: Keywords whose meaning depends on their siblings (``additionalProperties`` on ``properties`` and
#: ``patternProperties``, ``additionalItems`` on ``items``), and ``$ref``, whose siblings Draft 4 ignores.
_ENTANGLED = frozenset({"additionalProperties", "patternProperties", "additionalItems", "$ref", "definitions"})


class _Fused:
    """Builds :func:`fused_schema`: the release schema with the lint's keywords beside its own, node by node."""

    def __init__(self, release: Mapping[str, Any]) -> None:
        found = release.get("definitions")
        self.release_definitions: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        self.lint = _Lint()
        self.definitions: dict[str, Any] = {}
        self.bodies: dict[str, int] = {}  # fused definition -> id of the properties it was fused with

    def separate(self, node: Any, rule: FieldRule) -> dict[str, Any]:
        """Where the two can't be fused: both, as the linted schema has them."""
        return {"allOf": [node, self.lint.convert(rule)]}

    def fuse(self, node: Any, rule: FieldRule) -> dict[str, Any]:
        if type(node) is not dict:
            return self.separate(node, rule)
        if "$ref" in node:
            fused = self.fuse_reference(node, rule)
        elif rule.props is not None:
            fused = self.fuse_object(node, rule)
        else:
            fused = self.fuse_leaf(node, rule)
        return _deprecated(fused) if rule.deprecated is not None else fused

    def fuse_reference(self, node: dict[str, Any], rule: FieldRule) -> dict[str, Any]:
        ref = node["$ref"]
        prefix = "#/definitions/"
        name = ref[len(prefix) :] if type(ref) is str and ref.startswith(prefix) else ""
        target = self.release_definitions.get(name) if name and "/" not in name and "~" not in name else None
        if rule.props is None or type(target) is not dict or "$ref" in target:
            return self.separate(node, rule)
        fused_name = f"fused-{name}"
        known = self.bodies.get(fused_name)
        if known is None:
            self.bodies[fused_name] = id(rule.props)
            self.definitions[fused_name] = {}  # taken while it is made (a definition may refer to itself)
            self.definitions[fused_name] = self.fuse_object(target, rule)
        elif known != id(rule.props):
            return self.separate(node, rule)
        return {"$ref": f"{prefix}{fused_name}"}

    def fuse_object(self, node: dict[str, Any], rule: FieldRule) -> dict[str, Any]:
        assert rule.props is not None
        props = node.get("properties")
        if type(props) is not dict or set(props) != set(rule.props) or "additionalProperties" in node:
            return self.separate(node, rule)
        body = self.lint.definitions[self.lint.body_name(rule)]
        fused = {key: value for key, value in node.items() if key != "properties"}
        fused["properties"] = {name: self.fuse(sub, rule.props[name]) for name, sub in props.items()}
        lint_patterns: dict[str, Any] = body.get("patternProperties", {})
        patterns = _names_allowed(node.get("patternProperties", {}), lint_patterns)
        if patterns is None:  # the names apart, in the allOf: a walk of the object more (about a third as much)
            names = {"properties": {key: {} for key in rule.props}, "additionalProperties": False}
            fused["allOf"] = [*fused.get("allOf", []), {**names, "patternProperties": lint_patterns}]
        else:
            fused["patternProperties"] = patterns
            fused["additionalProperties"] = False
        _add(fused, {key: value for key, value in body.items() if key not in _NAMES})
        return fused

    def fuse_leaf(self, node: dict[str, Any], rule: FieldRule) -> dict[str, Any]:
        lint = self.lint.leaf(rule)
        fused = dict(node)
        if "additionalItems" in node:  # the lint's items beside it would change what it means
            fused["allOf"] = [*fused.get("allOf", []), lint]
            return fused
        if rule.items is not None and type(node.get("items")) is dict:
            del lint["items"]
            fused["items"] = self.fuse(node["items"], rule.items)
        _add(fused, lint)
        return fused


_NAMES = ("properties", "patternProperties", "additionalProperties")


def _names_allowed(own: object, lint: Mapping[str, Any]) -> dict[str, Any] | None:
    """``patternProperties`` that, beside the properties and ``additionalProperties: false``, let through the
    names the lint lets through (a property, or a name its patterns match: a language variant) and give a name
    the release schema's own patterns match what they require; ``None`` if that can't be done.

    The release schema's patterns are kept, each with a twin that refuses a name it matches and the lint's
    pattern doesn't (a negative lookahead): such a name is refused, as the lint refuses it (so is a property of
    such a name: stricter than both schemas, that one goes to the linted schema).
    """
    if type(own) is not dict or len(lint) > 1 or any(type(pattern) is not str for pattern in own):
        return None
    if not lint:  # no name beyond the properties
        return {**own, **{f"(?:{pattern})": {"not": {}} for pattern in own}}
    (allowed,) = lint
    return {**own, **{f"(?!{allowed})(?:{pattern})": {"not": {}} for pattern in own}, allowed: {}}


def _add(node: dict[str, Any], keywords: Mapping[str, Any]) -> None:
    """Add the lint's ``keywords`` to ``node``: beside its own, or in its ``allOf`` where one would meet a keyword
    of the node with another value or one whose meaning depends on its siblings."""
    apart = {}
    for key, value in keywords.items():
        if (key in node and node[key] != value) or key in _ENTANGLED or key == "allOf":
            apart[key] = value
        else:
            node[key] = value
    if apart:
        node["allOf"] = [*node.get("allOf", []), apart]


def fused_schema(release: Mapping[str, Any], rules: FieldRule) -> dict[str, Any] | None:
    """The release schema and :func:`lint_schema` in one tree, at least as strict as both together.

    The linted schema (the release schema with the lint schema under its top-level ``allOf``) has the engine
    walk each release twice; here the lint's keywords sit beside the release schema's own in each node, so
    that a clean release is walked once. Where the two can't be fused (a ``$ref`` to something that isn't an
    object definition, a keyword met with another value, names the node's own patterns would let through),
    both are kept side by side, as in the linted schema; so a release this schema passes passes the linted
    schema too (tested), and only a release it fails needs the linted schema's errors. ``None`` if a name of
    the release schema's definitions is one the fused schema needs.
    """
    fuser = _Fused(release)
    root = fuser.fuse({key: value for key, value in release.items() if key != "definitions"}, rules)
    definitions = {**fuser.release_definitions, **fuser.lint.definitions, **fuser.definitions}
    if len(definitions) != len(fuser.release_definitions) + len(fuser.lint.definitions) + len(fuser.definitions):
        return None
    return {**root, "definitions": definitions}


@cache
def lint_validator(profile: Profile) -> jsonschema_rs.Draft4Validator:
    """The compiled :func:`lint_schema` of ``profile`` (once per profile)."""
    return jsonschema_rs.Draft4Validator(lint_schema(compile_rules(profile)))


def walk_ids(
    release: Mapping[str, Any],
    rules: FieldRule,
    path: str,
    emit: Callable[[Finding], None],
    index: int | None = None,
    ocid: str | None = None,
) -> None:
    """Only the id checks of :func:`walk_release` (missing and duplicate ids, unique arrays)."""

    def obj(data: Mapping[str, Any], rule: FieldRule, base: str) -> None:
        for key, child in (rule.id_children or {}).items():
            value = data.get(key)
            if type(value) is dict:
                if child.props is not None:
                    obj(value, child, f"{base}/{key}")
            elif type(value) is list and value and child.items is not None:
                _check_ids(value, child, f"{base}/{key}", emit, index, ocid, obj)

    obj(release, rules, path)


def ids_clean(data: Mapping[str, Any], rules: FieldRule) -> bool:
    """Whether :func:`walk_ids` would surely report nothing in ``data`` (no paths, no findings built).

    ``True`` only when every id array holds objects with distinct string ids and every unique array
    distinct values; anything else (``False``) needs :func:`walk_ids` to tell what and where.
    """
    for key, child in (rules.id_children or {}).items():
        value = data.get(key)
        if type(value) is dict:
            if child.props is not None and not ids_clean(value, child):
                return False
        elif type(value) is list and value:
            items = child.items
            if items is None:
                continue
            if items.props is None:
                if child.unique_scalars:
                    try:
                        if len(set(value)) != len(value):
                            return False
                    except TypeError:  # unhashable items: let the walk decide
                        return False
                continue
            if child.id_array:
                ids = []
                for item in value:
                    if type(item) is not dict:
                        return False
                    ident = item.get("id")
                    if type(ident) is not str:
                        return False
                    ids.append(ident)
                if len(set(ids)) != len(ids):
                    return False
            if items.id_children:
                for item in value:
                    if type(item) is dict and item and not ids_clean(item, items):
                        return False
    return True


def _check_item_id(
    item: Mapping[str, Any],
    position: int,
    at: str,
    base: str,
    rule: FieldRule,
    seen: dict[object, int],
    emit: Callable[[Finding], None],
    index: int | None,
    ocid: str | None,
) -> None:
    """The id checks of one object in an id-merged array at ``base``: missing and duplicate ``id``s."""
    ident = item.get("id")
    if ident is None:
        if not rule.id_required:
            emit(make_finding("ocds.missing_id", f"{at}/id", index=index, ocid=ocid, array=_field_name(base)))
    elif isinstance(ident, (str, int, float)):
        key = (type(ident), ident)
        if key in seen:
            code = "schema.unique_ids" if rule.id_array == 1 else "ocds.duplicate_id"
            emit(make_finding(code, f"{at}/id", ident, index=index, ocid=ocid, id=ident, array=_field_name(base)))
        else:
            seen[key] = position


def _check_ids(
    values: list[Any],
    rule: FieldRule,
    base: str,
    emit: Callable[[Finding], None],
    index: int | None,
    ocid: str | None,
    descend: Callable[[Mapping[str, Any], FieldRule, str], None] | None,
) -> None:
    """Id checks of one array; ``descend`` (if given) is called on each object item."""
    items = rule.items
    assert items is not None
    if items.props is not None:
        seen: dict[object, int] | None = {} if rule.id_array else None
        if seen is not None:
            # Fast path: every item an object with a distinct string id.
            ids = [item.get("id") if type(item) is dict else None for item in values]
            if None not in ids and all(type(i) is str for i in ids) and len(set(ids)) == len(ids):
                seen = None
        for i, item in enumerate(values):
            if type(item) is not dict:
                continue
            if seen is not None:
                _check_item_id(item, i, f"{base}/{i}", base, rule, seen, emit, index, ocid)
            if descend is not None and item:
                descend(item, items, f"{base}/{i}")
        return
    if rule.unique_scalars:
        unique: set[object] = set()
        for i, item in enumerate(values):
            _check_unique(item, i, base, unique, emit, index, ocid)


def _check_unique(
    item: object,
    position: int,
    base: str,
    unique: set[object],
    emit: Callable[[Finding], None],
    index: int | None,
    ocid: str | None,
) -> None:
    """The check of one scalar of an array whose items must be unique (``uniqueItems``): a repeat is reported."""
    if isinstance(item, (str, int, float, bool)):
        key = (type(item), item)
        if key in unique:
            emit(make_finding("schema.unique_items", f"{base}/{position}", item, index=index, ocid=ocid))
        else:
            unique.add(key)


def _field_name(path: str) -> str:
    return _INDEX.sub("", path).lstrip("/")


def walk_release(
    release: Mapping[str, Any],
    rules: FieldRule,
    path: str,
    emit: Callable[[Finding], None],
    index: int | None = None,
    ocid: str | None = None,
) -> None:
    """Check one release (or compiled release) against ``rules``, passing each finding to ``emit``."""

    def obj(data: Mapping[str, Any], rule: FieldRule, base: str) -> None:
        props = rule.props or {}
        for key, value in data.items():
            child = props.get(key)
            if child is None:
                if "_" in key and rule.lang_bases:
                    name, _, tag = key.partition("_")
                    if name in rule.lang_bases and _LANG_TAG.match(tag):
                        continue
                at = f"{base}/{escape_pointer(key)}"
                emit(make_finding("ocds.additional_field", at, value, index=index, ocid=ocid, field=_field_name(at)))
                continue
            kind = type(value)
            if kind is str:
                if child.plain:
                    if not value or value.isspace():
                        emit(make_finding("ocds.empty_value", f"{base}/{key}", value, index=index, ocid=ocid))
                    continue
            elif value is None:
                continue
            if child.deprecated is not None:
                at = f"{base}/{key}"
                emit(
                    make_finding(
                        "ocds.deprecated",
                        at,
                        value,
                        index=index,
                        ocid=ocid,
                        field=_field_name(at),
                        version=child.deprecated,
                    )
                )
            if kind is str:
                if not value or value.isspace():
                    emit(make_finding("ocds.empty_value", f"{base}/{key}", value, index=index, ocid=ocid))
                elif child.codes is not None and value not in child.codes:
                    code = "codelist.closed" if child.closed else "codelist.open"
                    emit(
                        make_finding(
                            code, f"{base}/{key}", value, index=index, ocid=ocid, found=value, codelist=child.codelist
                        )
                    )
            elif kind is dict:
                if not value:
                    emit(make_finding("ocds.empty_value", f"{base}/{key}", value, index=index, ocid=ocid))
                elif child.props is not None:
                    obj(value, child, f"{base}/{key}")
            elif kind is list:
                if not value:
                    emit(make_finding("ocds.empty_value", f"{base}/{key}", value, index=index, ocid=ocid))
                elif child.items is not None:
                    array(value, child, f"{base}/{key}")
        if rule.identifier and data.get("id") is not None and data.get("scheme") is None:
            emit(make_finding("ocds.identifier_without_scheme", f"{base}/id", data["id"], index=index, ocid=ocid))

    def array(values: list[Any], rule: FieldRule, base: str) -> None:
        items = rule.items
        assert items is not None
        if items.props is not None:
            seen: dict[object, int] | None = {} if rule.id_array else None
            for i, item in enumerate(values):
                if type(item) is not dict:
                    continue
                at = f"{base}/{i}"
                if seen is not None:
                    _check_item_id(item, i, at, base, rule, seen, emit, index, ocid)
                if item:
                    obj(item, items, at)
                else:
                    emit(make_finding("ocds.empty_value", at, item, index=index, ocid=ocid))
            return
        codes = items.codes
        unique: set[object] | None = set() if rule.unique_scalars else None
        for i, item in enumerate(values):
            if type(item) is str:
                if not item or item.isspace():
                    emit(make_finding("ocds.empty_value", f"{base}/{i}", item, index=index, ocid=ocid))
                elif codes is not None and item not in codes:
                    code = "codelist.closed" if items.closed else "codelist.open"
                    emit(
                        make_finding(
                            code, f"{base}/{i}", item, index=index, ocid=ocid, found=item, codelist=items.codelist
                        )
                    )
            if unique is not None:
                _check_unique(item, i, base, unique, emit, index, ocid)

    obj(release, rules, path)
