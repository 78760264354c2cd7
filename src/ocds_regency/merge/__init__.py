"""Merge releases into compiled releases, versioned releases and records, as ocdsmerge 0.8 does.

```python
from ocds_regency.merge import Merger

merger = Merger()                                  # core OCDS 1.1.5 rules, bundled
compiled = merger.create_compiled_release(releases)
versioned = merger.create_versioned_release(releases)

merger = Merger(profile=load_profile(["bids"]))    # rules with extensions applied
merger = Merger(schema="release-schema.json")      # rules from any local release schema
```

Incremental use: :class:`CompiledRelease` and :class:`VersionedRelease` take an existing merged release
and ``append`` / ``extend`` it with new releases. Reading inputs, grouping releases by ``ocid`` (in bounded
memory) and merging on worker processes is the compile engine's, :mod:`ocds_regency.compile`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal, overload

from ocds_regency.errors import MergeError
from ocds_regency.merge._base import sorted_positions, sorted_releases
from ocds_regency.merge.compiled import CompiledRelease
from ocds_regency.merge.exceptions import (
    DuplicateIdValueWarning,
    InconsistentTypeError,
    InvalidIdError,
    MergeWarning,
    MissingDateKeyError,
    NonObjectReleaseError,
    NonStringDateValueError,
    NullDateValueError,
)
from ocds_regency.merge.rules import (
    OMIT_WHEN_MERGED,
    WHOLE_LIST_MERGE,
    MergeRules,
    Strategy,
    rules_for_profile,
    rules_from_schema,
)
from ocds_regency.merge.versioned import VersionedRelease
from ocds_regency.standard import Profile
from ocds_regency.types import JSONObject

if TYPE_CHECKING:
    from ocds_regency.models import Release

__all__ = [
    "APPEND",
    "MERGE_BY_POSITION",
    "OMIT_WHEN_MERGED",
    "WHOLE_LIST_MERGE",
    "CompiledRelease",
    "DuplicateIdValueWarning",
    "InconsistentTypeError",
    "InvalidIdError",
    "MergeError",
    "MergeRules",
    "MergeWarning",
    "Merger",
    "MissingDateKeyError",
    "NonObjectReleaseError",
    "NonStringDateValueError",
    "NullDateValueError",
    "Strategy",
    "VersionedRelease",
    "plain_releases",
    "rules_for_profile",
    "rules_from_schema",
    "sorted_releases",
]


def plain_releases(releases: Iterable[Any]) -> Iterator[Any]:
    """The releases as dicts: typed :class:`~ocds_regency.models.Release` models become decoded JSON."""
    for release in releases:
        if isinstance(release, dict):
            yield release
        elif type(release).__module__.startswith("ocds_regency.models") and hasattr(release, "to_dict"):
            yield release.to_dict()
        else:
            yield release  # the merge says what is wrong with it


#: Shorthand for :attr:`Strategy.APPEND`.
APPEND = Strategy.APPEND
#: Shorthand for :attr:`Strategy.MERGE_BY_POSITION`.
MERGE_BY_POSITION = Strategy.MERGE_BY_POSITION


class Merger:
    """Merge the releases of one contracting process, reusing one set of rules.

    Give at most one of ``rules``, ``schema`` and ``profile``; with none, the bundled OCDS 1.1.5 rules
    are used (nothing is ever fetched).

    Args:
        rules: ready-made merge rules.
        schema: a release schema (a dict or the path of a local JSON file) to derive the rules from.
        profile: a :class:`~ocds_regency.standard.Profile` whose (extended) release schema gives the rules.
        rule_overrides: per-array strategy overrides, e.g. ``{("awards",): APPEND}``.
        strict: follow the standard where ocdsmerge deviates from it: dates are ordered as instants
            (RFC 3339 with offsets), and in compiled releases a ``null`` removes an object or array too.

    Raises:
        ValueError: more than one rule source given.
        SchemaError: the schema can't be read.
    """

    def __init__(
        self,
        rules: MergeRules | None = None,
        *,
        schema: Mapping[str, Any] | str | PathLike[str] | None = None,
        profile: Profile | None = None,
        rule_overrides: Mapping[tuple[str, ...], Strategy] | None = None,
        strict: bool = False,
    ) -> None:
        if sum(source is not None for source in (rules, schema, profile)) > 1:
            raise ValueError("give at most one of rules, schema and profile")
        if rules is None:
            rules = rules_from_schema(schema) if schema is not None else rules_for_profile(profile)
        if rule_overrides:
            rules = rules.with_overrides(rule_overrides)
        self.rules = rules
        self.strict = strict

    @overload
    def create_compiled_release(self, releases: Iterable[Any], *, as_model: Literal[False] = False) -> JSONObject: ...
    @overload
    def create_compiled_release(self, releases: Iterable[Any], *, as_model: Literal[True]) -> Release: ...
    def create_compiled_release(self, releases: Iterable[Any], *, as_model: bool = False) -> JSONObject | Release:
        """Sort the releases by date and merge them into a compiled release.

        Args:
            releases: the releases of one contracting process: dicts or :class:`~ocds_regency.models.Release`
                models.
            as_model: return a :class:`~ocds_regency.models.Release` model instead of a dict.

        Raises:
            MergeError: see :class:`CompiledRelease` and :func:`sorted_releases`; each error carries the
                ocid, the path and the position of the release in ``releases``.

        Warns:
            DuplicateIdValueWarning: two objects of one array in one release share an ``id``.
        """
        compiled = CompiledRelease(rules=self.rules, strict=self.strict)
        compiled.extend(plain_releases(releases), chronological=self.strict)
        result = compiled._take()
        if as_model:
            from ocds_regency.models import Release

            return Release.from_dict(result)
        return result

    def create_versioned_release(self, releases: Iterable[Any]) -> JSONObject:
        """Sort the releases (dicts or :class:`~ocds_regency.models.Release` models) by date and merge
        them into a versioned release (a dict: versioned releases have no model).

        Raises:
            MergeError: as :meth:`create_compiled_release`.
        """
        versioned = VersionedRelease(rules=self.rules)
        versioned.extend(plain_releases(releases), chronological=self.strict)
        return versioned._take()

    def create_both(self, releases: Iterable[Any]) -> tuple[JSONObject, JSONObject]:
        """Return the compiled and the versioned release, sorting once (what a record needs).

        Raises:
            MergeError: as :meth:`create_compiled_release`.
        """
        ordered = sorted_positions(plain_releases(releases), chronological=self.strict)
        compiled = CompiledRelease(rules=self.rules, strict=self.strict)
        versioned = VersionedRelease(rules=self.rules)
        # The two merges compare the same objects of the same releases: each is serialised once for both.
        versioned._state.texts = compiled._state.texts
        for position, release in ordered:
            compiled._append(release, position)
        for position, release in ordered:
            versioned._append(release, position)
        return compiled._take(), versioned._take()
