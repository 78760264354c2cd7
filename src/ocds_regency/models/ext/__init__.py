"""Models of the objects added by the five bundled extensions.

The fields these extensions add to core objects (`Release.bids`, `Award.related_bid`,
`Item.delivery_location`, `Item.delivery_address`, `Budget.budget_breakdown`, `Organization.details`,
`Tender.procedure`) are declared on the core models; this package holds the new objects.

| extension | objects |
| --- | --- |
| bids | `Bids`, `BidsStatistic`, `Bid` |
| location | `Location`, `Geometry`, `Gazetteer` |
| budgetBreakdown | `BudgetBreakdown` |
| partyScale | `OrganizationDetails` |
| procedure | `Procedure` |

Import them from `ocds_regency.models` (or from their modules here). This package imports nothing itself:
`models.common` needs `location` and `party_scale`, while `bids` and `budget_breakdown` need
`models.common`.
"""

from __future__ import annotations

__all__: list[str] = []
