"""Building blocks shared by every stage of a release: values, periods, parties, items, documents.

Fields typed `X | None` may be `null` in OCDS JSON; fields typed `NonNull[X]` may be left out but not
`null`. `None` in Python means "not set" for both, and unset fields are not written.
"""

from __future__ import annotations

from pydantic import Field

from ocds_regency.models._base import OcdsModel
from ocds_regency.models._types import DateTime, Id, JSONAny, NonNull, Number
from ocds_regency.models.codelists import Currency, MilestoneStatus
from ocds_regency.models.ext.location import Location
from ocds_regency.models.ext.party_scale import OrganizationDetails

__all__ = [
    "Address",
    "Amendment",
    "AmendmentChange",
    "Classification",
    "ContactPoint",
    "Document",
    "Identifier",
    "Item",
    "Milestone",
    "Organization",
    "OrganizationReference",
    "Period",
    "RelatedProcess",
    "Unit",
    "Value",
]


class Value(OcdsModel):
    """An amount of money in a currency.

    `amount` is a `Decimal` holding exactly the number given (`999995334.78` stays exactly that) and is
    written back as a JSON number.
    """

    amount: Number | None = None
    """The amount (may be negative for refunds or corrections)."""
    currency: Currency | None = None
    """ISO 4217 code from the closed `currency` codelist, e.g. `"IDR"`."""


class Period(OcdsModel):
    """A span of time: start and end dates, or a duration."""

    start_date: DateTime | None = Field(None, alias="startDate")
    """When the period starts."""
    end_date: DateTime | None = Field(None, alias="endDate")
    """When the period ends (or is expected to)."""
    max_extent_date: DateTime | None = Field(None, alias="maxExtentDate")
    """The latest the period could end, extensions included."""
    duration_in_days: int | None = Field(None, alias="durationInDays")
    """Length of the period in whole days."""


class Identifier(OcdsModel):
    """The registered identity of an organization, in a named register (e.g. `ID-DJP` for an NPWP)."""

    scheme: str | None = None
    """The register (an org-id.guide prefix)."""
    id: Id | None = None
    """The organization's identifier in that register."""
    legal_name: str | None = Field(None, alias="legalName")
    """The name the organization is registered under."""
    uri: str | None = None
    """A URI for the organization in the register."""


class Address(OcdsModel):
    """A postal address."""

    street_address: str | None = Field(None, alias="streetAddress")
    """Street and number."""
    locality: str | None = None
    """Town or city (kabupaten/kota)."""
    region: str | None = None
    """Region (province)."""
    postal_code: str | None = Field(None, alias="postalCode")
    """Postal code."""
    country_name: str | None = Field(None, alias="countryName")
    """Country name."""


class ContactPoint(OcdsModel):
    """Who to contact, and how."""

    name: str | None = None
    """Person, department or office."""
    email: str | None = None
    """E-mail address."""
    telephone: str | None = None
    """Telephone number with country code."""
    fax_number: str | None = Field(None, alias="faxNumber")
    """Fax number with country code."""
    url: str | None = None
    """Web address."""


class Classification(OcdsModel):
    """A code from a classification scheme (e.g. a CPV or KBKI code for an item)."""

    scheme: str | None = None
    """The scheme (open `itemClassificationScheme` codelist)."""
    id: Id | None = None
    """The code in the scheme."""
    description: str | None = None
    """What the code means."""
    uri: str | None = None
    """A URI for the code."""


class Document(OcdsModel):
    """A document published about a stage of the process."""

    id: Id
    """Local identifier, unique within the list it is in."""
    document_type: str | None = Field(None, alias="documentType")
    """Kind of document (open `documentType` codelist)."""
    title: str | None = None
    """Title."""
    description: str | None = None
    """Short description."""
    url: str | None = None
    """Where to get it."""
    date_published: DateTime | None = Field(None, alias="datePublished")
    """When it was first published."""
    date_modified: DateTime | None = Field(None, alias="dateModified")
    """When it was last changed."""
    format: str | None = None
    """Media type, e.g. `application/pdf`."""
    language: str | None = None
    """Language code (BCP 47), e.g. `id`."""


class Unit(OcdsModel):
    """The unit an item's quantity is measured in, and optionally the price of one unit.

    Language variants of the name (`name_id`, `name_en`) are unknown fields and are kept.
    """

    scheme: str | None = None
    """Unit list (open `unitClassificationScheme` codelist), e.g. `UNCEFACT`."""
    id: str | None = None
    """The unit's code in the scheme."""
    name: str | None = None
    """The unit's name."""
    value: NonNull[Value] = None
    """Price of one unit."""
    uri: str | None = None
    """A URI for the unit."""


class Item(OcdsModel):
    """A good, service or work to be bought."""

    id: Id
    """Local identifier, unique within the list it is in."""
    description: str | None = None
    """What the item is."""
    classification: NonNull[Classification] = None
    """Its main classification code."""
    additional_classifications: NonNull[list[Classification]] = Field(None, alias="additionalClassifications")
    """Further classification codes."""
    quantity: Number | None = None
    """How many units (exact `Decimal`)."""
    unit: NonNull[Unit] = None
    """The unit of the quantity, and its price."""
    delivery_location: NonNull[Location] = Field(None, alias="deliveryLocation")
    """Where it is delivered (location extension)."""
    delivery_address: NonNull[Address] = Field(None, alias="deliveryAddress")
    """The address it is delivered to (location extension)."""


class OrganizationReference(OcdsModel):
    """A pointer to an organization listed in the release's `parties`, by its `id`.

    The `identifier`, `address`, `additional_identifiers` and `contact_point` fields are deprecated since
    OCDS 1.1 (put them on the party instead); they are modelled so that old data round-trips.
    """

    name: str | None = None
    """The organization's name."""
    id: NonNull[Id] = None
    """The `id` of the organization in `parties`."""
    identifier: NonNull[Identifier] = None
    """Deprecated: the organization's identifier."""
    address: NonNull[Address] = None
    """Deprecated: the organization's address."""
    additional_identifiers: NonNull[list[Identifier]] = Field(None, alias="additionalIdentifiers")
    """Deprecated: further identifiers."""
    contact_point: NonNull[ContactPoint] = Field(None, alias="contactPoint")
    """Deprecated: contact point."""


class Organization(OcdsModel):
    """A party: an organization (or person) with one or more roles in the process."""

    name: str | None = None
    """Common name."""
    id: NonNull[str] = None
    """Identifier of the party within the release, used by organization references."""
    identifier: NonNull[Identifier] = None
    """Main registered identifier (e.g. NPWP)."""
    additional_identifiers: NonNull[list[Identifier]] = Field(None, alias="additionalIdentifiers")
    """Further registered identifiers."""
    address: NonNull[Address] = None
    """Postal address."""
    contact_point: NonNull[ContactPoint] = Field(None, alias="contactPoint")
    """Contact point."""
    roles: list[str] | None = None
    """Roles in the process (open `partyRole` codelist): `buyer`, `procuringEntity`, `supplier`, ..."""
    details: OrganizationDetails | None = None
    """Further details: `scale` (party scale extension) and anything else published (kept as extra fields)."""


class AmendmentChange(OcdsModel):
    """Deprecated (OCDS 1.1): one changed property and its former value, in `Amendment.changes`."""

    property_name: NonNull[str] = Field(None, alias="property")
    """The name of the changed property (JSON `property`)."""
    former_value: JSONAny = None
    """Its value before the change (any JSON value)."""


class Amendment(OcdsModel):
    """A change to a tender or contract after it was published."""

    date: DateTime | None = None
    """When the amendment was made."""
    rationale: str | None = None
    """Why it was made."""
    id: str | None = None
    """Identifier of the amendment."""
    description: str | None = None
    """What changed, in words."""
    amends_release_id: str | None = Field(None, alias="amendsReleaseID")
    """The `id` of the release holding the state before the change."""
    release_id: str | None = Field(None, alias="releaseID")
    """The `id` of the release holding the state after the change."""
    changes: NonNull[list[AmendmentChange]] = None
    """Deprecated: the changed properties and their former values."""


class Milestone(OcdsModel):
    """An event in the process: a delivery, a payment due, an approval."""

    id: Id
    """Local identifier, unique within the list it is in."""
    title: str | None = None
    """Title."""
    type: str | None = None
    """Kind of milestone (open `milestoneType` codelist)."""
    description: str | None = None
    """Description."""
    code: str | None = None
    """A local code for the milestone."""
    due_date: DateTime | None = Field(None, alias="dueDate")
    """When it is due."""
    date_met: DateTime | None = Field(None, alias="dateMet")
    """When it was met."""
    date_modified: DateTime | None = Field(None, alias="dateModified")
    """When the milestone was last reviewed."""
    status: MilestoneStatus | None = None
    """Status (closed `milestoneStatus` codelist)."""
    documents: NonNull[list[Document]] = None
    """Deprecated: documents about the milestone."""


class RelatedProcess(OcdsModel):
    """A link to another contracting process (a framework, a previous tender, a planning process)."""

    id: NonNull[str] = None
    """Local identifier of the link."""
    relationship: list[str] | None = None
    """How the processes relate (open `relatedProcess` codelist)."""
    title: str | None = None
    """Title of the related process."""
    scheme: str | None = None
    """What `identifier` is (open `relatedProcessScheme` codelist, e.g. `ocid`)."""
    identifier: str | None = None
    """Identifier of the related process (e.g. its ocid)."""
    uri: str | None = None
    """A URI for the related process."""
