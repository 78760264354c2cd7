"""Typed pydantic v2 models of the whole OCDS 1.1.5 standard and the five bundled extensions.

```python
from decimal import Decimal
from ocds_regency.models import Release, Tender, Value

release = Release(
    ocid="ocds-abc123-RUP-41234567",
    id="RUP-41234567-tender",
    date="2024-03-01T09:30:00+07:00",
    tag=["tender"],
    initiation_type="tender",
    tender=Tender(id="41234567", value=Value(amount=Decimal("999995334.78"), currency="IDR")),
)
release.to_json()   # b'{"ocid":"ocds-abc123-RUP-41234567",...,"amount":999995334.78,...}'
Release.from_json(release.to_json()) == release   # True
```

- Python names are snake_case, JSON names are OCDS's; `from_dict`/`from_json` read JSON names.
- Closed codelists are `Literal`s (see `ocds_regency.models.codelists`); open ones are `str`.
- Money and other numbers are exact `Decimal`s written as JSON numbers; dates are kept as the text given.
- Unknown fields are kept and written back in place; unset fields are not written.
"""

from __future__ import annotations

from ocds_regency.models._base import OcdsModel, to_dict, to_json
from ocds_regency.models._json import dumps, loads
from ocds_regency.models._types import (
    DateTime,
    Id,
    JSONAny,
    NonNull,
    Number,
    PrecisionWarning,
    json_number,
    parse_datetime,
)
from ocds_regency.models.codelists import (
    AwardStatus,
    BidStatus,
    ContractStatus,
    Currency,
    GeometryType,
    InitiationType,
    MilestoneStatus,
    PartyScale,
    ProcurementCategory,
    ProcurementMethod,
    ReleaseTag,
    TenderStatus,
)
from ocds_regency.models.common import (
    Address,
    Amendment,
    AmendmentChange,
    Classification,
    ContactPoint,
    Document,
    Identifier,
    Item,
    Milestone,
    Organization,
    OrganizationReference,
    Period,
    RelatedProcess,
    Unit,
    Value,
)
from ocds_regency.models.ext.bids import Bid, Bids, BidsStatistic
from ocds_regency.models.ext.budget_breakdown import BudgetBreakdown
from ocds_regency.models.ext.location import Gazetteer, Geometry, Location
from ocds_regency.models.ext.party_scale import OrganizationDetails
from ocds_regency.models.ext.procedure import Procedure
from ocds_regency.models.package import Publisher, RecordPackage, ReleasePackage
from ocds_regency.models.record import LinkedRelease, Record
from ocds_regency.models.release import (
    Award,
    Budget,
    Contract,
    Implementation,
    Planning,
    Release,
    Tender,
    Transaction,
)

__all__ = [
    "Address",
    "Amendment",
    "AmendmentChange",
    "Award",
    "AwardStatus",
    "Bid",
    "BidStatus",
    "Bids",
    "BidsStatistic",
    "Budget",
    "BudgetBreakdown",
    "Classification",
    "ContactPoint",
    "Contract",
    "ContractStatus",
    "Currency",
    "DateTime",
    "Document",
    "Gazetteer",
    "Geometry",
    "GeometryType",
    "Id",
    "Identifier",
    "Implementation",
    "InitiationType",
    "Item",
    "JSONAny",
    "LinkedRelease",
    "Location",
    "Milestone",
    "MilestoneStatus",
    "NonNull",
    "Number",
    "OcdsModel",
    "Organization",
    "OrganizationDetails",
    "OrganizationReference",
    "PartyScale",
    "Period",
    "Planning",
    "PrecisionWarning",
    "Procedure",
    "ProcurementCategory",
    "ProcurementMethod",
    "Publisher",
    "Record",
    "RecordPackage",
    "RelatedProcess",
    "Release",
    "ReleasePackage",
    "ReleaseTag",
    "Tender",
    "TenderStatus",
    "Transaction",
    "Unit",
    "Value",
    "dumps",
    "json_number",
    "loads",
    "parse_datetime",
    "to_dict",
    "to_json",
]
