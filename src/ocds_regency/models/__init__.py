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

The models are one line, written for the OCDS version :data:`MODELED_VERSION` (a bundled schema directory,
``schemas/ocds/1.1/``), and checked against its schemas field by field by
``tests/models/test_schema_coverage.py``. They are code, not data derived from the schemas: names,
docstrings, exact numbers and closed codelists are written by hand. A minor version of OCDS only adds
(optional fields, codes) and deprecates, so when a newer minor version is bundled the same classes gain its
additions and :data:`MODELED_VERSION` moves to it; data of the older version still loads (see "Add an OCDS
version" in ``docs/architecture.md``).
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

#: The OCDS version (major.minor, the name of its bundled schema directory) the models are written for.
MODELED_VERSION = "1.1"

__all__ = [
    "MODELED_VERSION",
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
