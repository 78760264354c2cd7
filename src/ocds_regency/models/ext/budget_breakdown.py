"""Budget breakdown extension: the sources of a budget, in `Budget.budget_breakdown`."""

from __future__ import annotations

from pydantic import Field

from ocds_regency.models._base import OcdsModel
from ocds_regency.models._types import Id, NonNull
from ocds_regency.models.common import OrganizationReference, Period, Value

__all__ = ["BudgetBreakdown"]


class BudgetBreakdown(OcdsModel):
    """One part of a budget: an amount from one source of funds (e.g. APBD or DAK) over a period."""

    id: Id
    """Local identifier of the part."""
    description: str | None = None
    """What this part of the budget is."""
    amount: NonNull[Value] = None
    """Its amount."""
    uri: str | None = None
    """A URI for more information about it."""
    period: NonNull[Period] = None
    """The period the amount covers."""
    source_party: NonNull[OrganizationReference] = Field(None, alias="sourceParty")
    """The party that provides the funds (it has the `sourceParty` role)."""
