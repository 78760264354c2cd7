"""Records: everything published about one contracting process, with its compiled release."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from ocds_regency.models._base import OcdsModel
from ocds_regency.models._types import DateTime, JSONAny, NonNull
from ocds_regency.models.codelists import ReleaseTag
from ocds_regency.models.release import Release

__all__ = ["LinkedRelease", "Record", "RecordReleases"]


class LinkedRelease(OcdsModel):
    """A release listed in a record by reference: where it is published, its date and tags."""

    url: str | None
    """Where the release is published (a URL ending in `#` and the release id, for a release package)."""
    date: DateTime
    """The release's date."""
    tag: NonNull[list[ReleaseTag]] = None
    """The release's tags."""


def _releases_kind(value: Any) -> str:
    # The schema's oneOf: every item is a linked release, or every item is an embedded release. Only an
    # embedded release has an ocid or an initiationType; the first item decides.
    first = value[0] if isinstance(value, list) and value else None
    if isinstance(first, LinkedRelease) or (
        isinstance(first, dict) and "ocid" not in first and "initiationType" not in first
    ):
        return "linked"
    return "embedded"


#: A record's `releases`: embedded releases or linked releases, never a mix.
RecordReleases = Annotated[
    Annotated[list[Release], Tag("embedded")] | Annotated[list[LinkedRelease], Tag("linked")],
    Discriminator(_releases_kind),
]


class Record(OcdsModel):
    """All the releases of one contracting process, and optionally their merge.

    `versioned_release` is kept as plain decoded JSON (a dict): the versioned form wraps every value in a
    list of `{releaseID, releaseDate, releaseTag, value}` entries, and `ocds_regency.merge` builds and
    reads it as dicts.
    """

    ocid: str
    """The process's Open Contracting ID."""
    releases: RecordReleases
    """The releases: all embedded (`Release`) or all linked (`LinkedRelease`)."""
    compiled_release: NonNull[Release] = Field(None, alias="compiledRelease")
    """The latest state of every field (the releases merged)."""
    versioned_release: NonNull[dict[str, JSONAny]] = Field(None, alias="versionedRelease")
    """The history of every field (the releases merged with versions), as decoded JSON."""
