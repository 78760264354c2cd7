"""Bids extension: statistics about the bids received and the details of each bid, in `Release.bids`."""

from __future__ import annotations

from pydantic import Field

from ocds_regency.models._base import OcdsModel
from ocds_regency.models._types import DateTime, NonNull, Number
from ocds_regency.models.codelists import BidStatus, Currency
from ocds_regency.models.common import Document, OrganizationReference, Value

__all__ = ["Bid", "Bids", "BidsStatistic"]


class BidsStatistic(OcdsModel):
    """A count or amount about the bids (e.g. how many bids came from micro and small businesses)."""

    id: str
    """Local identifier of the statistic."""
    measure: str
    """What is measured (open `bidStatistics` codelist), e.g. `bids`, `validBids`, `lowestValidBidValue`."""
    date: DateTime | None = None
    """When the statistic was last updated."""
    value: Number
    """The figure (exact `Decimal`)."""
    currency: Currency | None = None
    """Currency, when the figure is an amount of money."""
    notes: str | None = None
    """Notes on how the figure was computed."""
    related_lot: str | None = Field(None, alias="relatedLot")
    """The lot the statistic is about (lots extension)."""


class Bid(OcdsModel):
    """One bid (offer) received for the tender."""

    id: str
    """Local identifier of the bid."""
    date: DateTime | None = None
    """When the bid was received."""
    status: BidStatus | None = None
    """Status (closed `bidStatus` codelist)."""
    tenderers: NonNull[list[OrganizationReference]] = None
    """Who made the bid."""
    value: NonNull[Value] = None
    """The price offered."""
    documents: NonNull[list[Document]] = None
    """Documents submitted with the bid."""


class Bids(OcdsModel):
    """What is known about the bids received."""

    statistics: NonNull[list[BidsStatistic]] = None
    """Counts and amounts about the bids."""
    details: NonNull[list[Bid]] = None
    """The bids themselves."""
