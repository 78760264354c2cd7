"""Location extension: where items are delivered, as a geometry, gazetteer entries or a description."""

from __future__ import annotations

from typing import TypeAlias

from typing_extensions import TypeAliasType

from ocds_regency.models._base import OcdsModel
from ocds_regency.models._types import NonNull, Number
from ocds_regency.models.codelists import GeometryType

__all__ = ["Coordinate", "Coordinates", "Gazetteer", "Geometry", "Location"]

#: A GeoJSON position's number, or a (nested) array of them.
Coordinate = TypeAliasType("Coordinate", "Number | list[Coordinate]")

#: GeoJSON coordinates: numbers, or arrays of them nested as the geometry type requires
#: (`[106.8, -6.2]` for a Point, a list of rings of positions for a Polygon). Numbers are exact `Decimal`s.
Coordinates: TypeAlias = list[Coordinate]


class Geometry(OcdsModel):
    """A GeoJSON geometry."""

    type: GeometryType | None = None
    """GeoJSON type (closed `geometryType` codelist): `Point`, `Polygon`, ..."""
    coordinates: Coordinates | None = None
    """GeoJSON coordinates, longitude first."""


class Gazetteer(OcdsModel):
    """Identifiers of a place in a gazetteer (e.g. an Indonesian BPS region code)."""

    scheme: str | None = None
    """The gazetteer (open `locationGazetteers` codelist)."""
    identifiers: list[str] | None = None
    """Identifiers of the place in it."""


class Location(OcdsModel):
    """Where an item is delivered or a work is carried out."""

    description: str | None = None
    """The place, in words."""
    geometry: NonNull[Geometry] = None
    """Its GeoJSON geometry."""
    gazetteer: NonNull[Gazetteer] = None
    """Its gazetteer entries."""
    uri: str | None = None
    """A URI for the place."""
