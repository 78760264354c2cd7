"""Build an OCDS release for a regency tender with the typed models, and print it as JSON.

Run it from the project root (after ``pip install .``)::

    python examples/build_release.py

The release describes a works tender of a (fictional) regency public-works office: its planning budget,
the tender with one item and its location, the parties with their roles and size, the bids received and
the award. Amounts are Rupiah ``Decimal``s and are printed exactly; dates are ISO 8601 text with the WIB
offset (+07:00), written as given (an aware ``datetime`` is accepted too and stored as its ``isoformat()``).
The printed JSON is valid against the OCDS 1.1.5 release schema with the bids, location, budget breakdown,
party scale and procedure extensions.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from ocds_regency.models import (
    Address,
    Award,
    Bid,
    Bids,
    BidsStatistic,
    Budget,
    BudgetBreakdown,
    Classification,
    Gazetteer,
    Identifier,
    Item,
    Location,
    Organization,
    OrganizationDetails,
    OrganizationReference,
    Period,
    Planning,
    Procedure,
    Release,
    Tender,
    Unit,
    Value,
)

WIB = timezone(timedelta(hours=7), "WIB")
OCID = "ocds-abc123-sirup-41234567"


def rupiah(amount: str) -> Value:
    """An amount of Indonesian Rupiah, exact."""
    return Value(amount=Decimal(amount), currency="IDR")


def build_release() -> Release:
    """Return the award release of a works tender."""
    buyer = Organization(
        id="ID-SATKER-1.03.01",
        name="Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Contoh",
        identifier=Identifier(scheme="ID-SATKER", id="1.03.01"),
        address=Address(locality="Kabupaten Contoh", region="Jawa Tengah", country_name="Indonesia"),
        roles=["buyer", "procuringEntity", "sourceParty"],
    )
    supplier = Organization(
        id="ID-DJP-0012345678901234",
        name="CV Jaya Konstruksi",
        identifier=Identifier(scheme="ID-DJP", id="0012345678901234", legal_name="CV Jaya Konstruksi"),
        roles=["tenderer", "supplier"],
        details=OrganizationDetails(scale="small"),
    )

    def reference(party: Organization) -> OrganizationReference:
        return OrganizationReference(id=party.id, name=party.name)

    road = Item(
        id="1",
        description="Peningkatan jalan Desa Sukamaju, 1,2 km",
        classification=Classification(scheme="CPV", id="45233142", description="Road-repair works"),
        quantity=Decimal("1.2"),
        unit=Unit(scheme="UNCEFACT", id="KMT", name="kilometre", value=rupiah("833329445.65")),
        delivery_location=Location(
            description="Desa Sukamaju, Kecamatan Contoh",
            gazetteer=Gazetteer(scheme="ID-BPS", identifiers=["3301012001"]),
        ),
    )
    return Release(
        ocid=OCID,
        id=f"{OCID}-award-2024-05-20",
        date="2024-05-20T10:00:00+07:00",
        tag=["award"],
        initiation_type="tender",
        language="id",
        parties=[buyer, supplier],
        buyer=reference(buyer),
        planning=Planning(
            budget=Budget(
                description="APBD Kabupaten Contoh 2024",
                amount=rupiah("1050000000"),
                budget_breakdown=[
                    BudgetBreakdown(id="APBD-2024", amount=rupiah("1050000000"), source_party=reference(buyer))
                ],
            )
        ),
        tender=Tender(
            id="41234567",
            title="Peningkatan Jalan Desa Sukamaju",
            status="complete",
            procuring_entity=reference(buyer),
            items=[road],
            value=rupiah("1049876543.21"),
            procurement_method="open",
            procurement_method_details="Tender",
            main_procurement_category="works",
            submission_method=["electronicSubmission"],
            tender_period=Period(start_date="2024-03-01T08:00:00+07:00", end_date="2024-03-15T16:00:00+07:00"),
            number_of_tenderers=3,
            tenderers=[reference(supplier)],
            procedure=Procedure(is_accelerated=False),
        ),
        bids=Bids(
            statistics=[BidsStatistic(id="1", measure="bids", value=Decimal(3))],
            details=[Bid(id="B1", status="valid", tenderers=[reference(supplier)], value=rupiah("999995334.78"))],
        ),
        awards=[
            Award(
                id="41234567-1",
                status="active",
                date=datetime(2024, 5, 20, 10, 0, tzinfo=WIB).isoformat(),
                value=rupiah("999995334.78"),
                suppliers=[reference(supplier)],
                related_bid="B1",
            )
        ],
    )


def main() -> None:
    """Print the release as indented JSON on standard output."""
    sys.stdout.buffer.write(build_release().to_json(indent=True) + b"\n")


if __name__ == "__main__":
    main()
