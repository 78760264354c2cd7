"""Release packages and record packages: how releases and records are published, with metadata."""

from __future__ import annotations

from pydantic import Field

from ocds_regency.models._base import OcdsModel
from ocds_regency.models._types import DateTime, NonNull
from ocds_regency.models.record import Record
from ocds_regency.models.release import Release

__all__ = ["Publisher", "RecordPackage", "ReleasePackage"]


class Publisher(OcdsModel):
    """Who publishes the data (e.g. the regency's LPSE or Diskominfo)."""

    name: str
    """Name of the publisher."""
    scheme: str | None = None
    """The register of `uid` (an org-id.guide prefix)."""
    uid: str | None = None
    """The publisher's identifier in that register."""
    uri: str | None = None
    """A URI for the publisher."""


class ReleasePackage(OcdsModel):
    """Releases published together, with metadata about the publication."""

    uri: str
    """Where this package is published."""
    version: str
    """OCDS version of the data, as major.minor: `"1.1"`."""
    extensions: NonNull[list[str]] = None
    """URLs of the `extension.json` of each extension used."""
    published_date: DateTime = Field(alias="publishedDate")
    """When the package was published."""
    releases: list[Release]
    """The releases."""
    publisher: Publisher
    """Who publishes it."""
    license: str | None = None
    """URL of the license of the data."""
    publication_policy: str | None = Field(None, alias="publicationPolicy")
    """URL of the publication policy."""


class RecordPackage(OcdsModel):
    """Records published together, with metadata about the publication."""

    uri: str
    """Where this package is published."""
    version: str
    """OCDS version of the data, as major.minor: `"1.1"`."""
    extensions: NonNull[list[str]] = None
    """URLs of the `extension.json` of each extension used."""
    publisher: Publisher
    """Who publishes it."""
    license: str | None = None
    """URL of the license of the data."""
    publication_policy: str | None = Field(None, alias="publicationPolicy")
    """URL of the publication policy."""
    published_date: DateTime = Field(alias="publishedDate")
    """When the package was published."""
    packages: NonNull[list[str]] = None
    """URLs of the release packages the records' releases come from."""
    records: list[Record]
    """The records."""
