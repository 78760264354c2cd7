"""The release and its stages: planning, tender, awards, contracts and their implementation."""

from __future__ import annotations

from pydantic import Field

from ocds_regency.models._base import OcdsModel
from ocds_regency.models._types import DateTime, Id, NonNull
from ocds_regency.models.codelists import (
    AwardStatus,
    ContractStatus,
    InitiationType,
    ProcurementCategory,
    ProcurementMethod,
    ReleaseTag,
    TenderStatus,
)
from ocds_regency.models.common import (
    Amendment,
    Document,
    Identifier,
    Item,
    Milestone,
    Organization,
    OrganizationReference,
    Period,
    RelatedProcess,
    Value,
)
from ocds_regency.models.ext.bids import Bids
from ocds_regency.models.ext.budget_breakdown import BudgetBreakdown
from ocds_regency.models.ext.procedure import Procedure

__all__ = [
    "Award",
    "Budget",
    "Contract",
    "Implementation",
    "Planning",
    "Release",
    "Tender",
    "Transaction",
]


class Budget(OcdsModel):
    """The budget line that funds the process (e.g. a DIPA or DPA line)."""

    id: Id | None = None
    """Identifier of the budget line."""
    description: str | None = None
    """Description of the budget source."""
    amount: NonNull[Value] = None
    """Amount budgeted for this process."""
    project: str | None = None
    """Name of the project the budget belongs to."""
    project_id: Id | None = Field(None, alias="projectID")
    """Identifier of that project."""
    uri: str | None = None
    """A URI for more about the budget line."""
    source: str | None = None
    """Deprecated since OCDS 1.1: a URI for the budget source."""
    budget_breakdown: NonNull[list[BudgetBreakdown]] = Field(None, alias="budgetBreakdown")
    """The parts of the budget, by source of funds (budget breakdown extension)."""


class Planning(OcdsModel):
    """What happened before the tender: the rationale, the budget, planning documents."""

    rationale: str | None = None
    """Why the procurement is needed."""
    budget: NonNull[Budget] = None
    """The budget funding it."""
    documents: NonNull[list[Document]] = None
    """Planning documents (e.g. the RUP entry)."""
    milestones: NonNull[list[Milestone]] = None
    """Planning milestones."""


class Tender(OcdsModel):
    """The tender: what is bought, how, when, and who took part."""

    id: Id
    """Identifier of the tender (e.g. the SPSE kode tender)."""
    title: str | None = None
    """Title."""
    description: str | None = None
    """Description."""
    status: TenderStatus | None = None
    """Status (closed `tenderStatus` codelist)."""
    procuring_entity: NonNull[OrganizationReference] = Field(None, alias="procuringEntity")
    """Who runs the procurement (e.g. the UKPBJ / Pokja)."""
    items: NonNull[list[Item]] = None
    """What is to be bought."""
    value: NonNull[Value] = None
    """Estimated total value (HPS), or the maximum."""
    min_value: NonNull[Value] = Field(None, alias="minValue")
    """Minimum estimated value."""
    procurement_method: ProcurementMethod | None = Field(None, alias="procurementMethod")
    """`open`, `selective`, `limited` or `direct` (closed `method` codelist)."""
    procurement_method_details: str | None = Field(None, alias="procurementMethodDetails")
    """The local name of the method (e.g. `Tender Cepat`)."""
    procurement_method_rationale: str | None = Field(None, alias="procurementMethodRationale")
    """Why this method was used."""
    main_procurement_category: ProcurementCategory | None = Field(None, alias="mainProcurementCategory")
    """`goods`, `works` or `services` (closed `procurementCategory` codelist)."""
    additional_procurement_categories: list[str] | None = Field(None, alias="additionalProcurementCategories")
    """Other categories (open `extendedProcurementCategory` codelist)."""
    award_criteria: str | None = Field(None, alias="awardCriteria")
    """How bids are ranked (open `awardCriteria` codelist)."""
    award_criteria_details: str | None = Field(None, alias="awardCriteriaDetails")
    """The award criteria, in words."""
    submission_method: list[str] | None = Field(None, alias="submissionMethod")
    """How bids are submitted (open `submissionMethod` codelist), e.g. `electronicSubmission`."""
    submission_method_details: str | None = Field(None, alias="submissionMethodDetails")
    """Submission details, e.g. the LPSE address."""
    tender_period: NonNull[Period] = Field(None, alias="tenderPeriod")
    """When bids can be submitted."""
    enquiry_period: NonNull[Period] = Field(None, alias="enquiryPeriod")
    """When questions can be asked (aanwijzing)."""
    has_enquiries: bool | None = Field(None, alias="hasEnquiries")
    """Whether any questions were asked."""
    eligibility_criteria: str | None = Field(None, alias="eligibilityCriteria")
    """Who may take part, in words."""
    award_period: NonNull[Period] = Field(None, alias="awardPeriod")
    """When the award decision is (or was) made."""
    contract_period: NonNull[Period] = Field(None, alias="contractPeriod")
    """Expected duration of the contract."""
    number_of_tenderers: int | None = Field(None, alias="numberOfTenderers")
    """How many parties took part."""
    tenderers: NonNull[list[OrganizationReference]] = None
    """The parties that took part."""
    documents: NonNull[list[Document]] = None
    """Tender documents."""
    milestones: NonNull[list[Milestone]] = None
    """Tender milestones."""
    amendments: NonNull[list[Amendment]] = None
    """Changes made to the tender."""
    amendment: NonNull[Amendment] = None
    """Deprecated since OCDS 1.1: a single amendment (use `amendments`)."""
    procedure: NonNull[Procedure] = None
    """Features of the procedure, e.g. whether it was accelerated (procedure extension)."""


class Award(OcdsModel):
    """An award decision: who wins, for what and how much."""

    id: Id
    """Identifier of the award, referenced by `Contract.award_id`."""
    title: str | None = None
    """Title."""
    description: str | None = None
    """Description."""
    status: AwardStatus | None = None
    """Status (closed `awardStatus` codelist)."""
    date: DateTime | None = None
    """When the award was decided."""
    value: NonNull[Value] = None
    """Total value awarded."""
    suppliers: NonNull[list[OrganizationReference]] = None
    """The winners."""
    items: NonNull[list[Item]] = None
    """What was awarded."""
    contract_period: NonNull[Period] = Field(None, alias="contractPeriod")
    """Duration of the contract to be signed."""
    documents: NonNull[list[Document]] = None
    """Award documents."""
    amendments: NonNull[list[Amendment]] = None
    """Changes made to the award."""
    amendment: NonNull[Amendment] = None
    """Deprecated since OCDS 1.1: a single amendment (use `amendments`)."""
    related_bid: str | None = Field(None, alias="relatedBid")
    """The `id` of the winning bid in `Release.bids` (bids extension)."""


class Transaction(OcdsModel):
    """A payment made under a contract."""

    id: Id
    """Identifier of the transaction."""
    source: str | None = None
    """A URI for the data source (e.g. a payment system)."""
    date: DateTime | None = None
    """When it was made."""
    value: NonNull[Value] = None
    """How much was paid."""
    payer: NonNull[OrganizationReference] = None
    """Who paid."""
    payee: NonNull[OrganizationReference] = None
    """Who was paid."""
    uri: str | None = None
    """A URI for the transaction."""
    amount: NonNull[Value] = None
    """Deprecated since OCDS 1.1: use `value`."""
    provider_organization: NonNull[Identifier] = Field(None, alias="providerOrganization")
    """Deprecated since OCDS 1.1: use `payer`."""
    receiver_organization: NonNull[Identifier] = Field(None, alias="receiverOrganization")
    """Deprecated since OCDS 1.1: use `payee`."""


class Implementation(OcdsModel):
    """How the contract is carried out: payments, milestones, reports."""

    transactions: NonNull[list[Transaction]] = None
    """Payments made."""
    milestones: NonNull[list[Milestone]] = None
    """Delivery milestones."""
    documents: NonNull[list[Document]] = None
    """Implementation documents (progress reports, completion certificates)."""


class Contract(OcdsModel):
    """A signed contract (SPK / surat perjanjian)."""

    id: Id
    """Identifier of the contract."""
    award_id: Id = Field(alias="awardID")
    """The `id` of the award the contract is based on."""
    title: str | None = None
    """Title."""
    description: str | None = None
    """Description."""
    status: ContractStatus | None = None
    """Status (closed `contractStatus` codelist)."""
    period: NonNull[Period] = None
    """Start and end of the contract."""
    value: NonNull[Value] = None
    """Total value of the contract."""
    items: NonNull[list[Item]] = None
    """What is contracted."""
    date_signed: DateTime | None = Field(None, alias="dateSigned")
    """When the contract was signed."""
    documents: NonNull[list[Document]] = None
    """Contract documents."""
    implementation: NonNull[Implementation] = None
    """Payments and progress."""
    related_processes: NonNull[list[RelatedProcess]] = Field(None, alias="relatedProcesses")
    """Processes related to this contract (e.g. a framework agreement)."""
    milestones: NonNull[list[Milestone]] = None
    """Contract milestones."""
    amendments: NonNull[list[Amendment]] = None
    """Changes made to the contract (addenda)."""
    amendment: NonNull[Amendment] = None
    """Deprecated since OCDS 1.1: a single amendment (use `amendments`)."""


class Release(OcdsModel):
    """What is known about a contracting process at one point in time.

    Required: `ocid`, `id`, `date`, `tag` and `initiation_type`. Read one with `Release.from_json(text)`
    or `Release.from_dict(data)`, write it with `release.to_json()`.
    """

    ocid: str
    """Open Contracting ID: the ocid prefix and the process's identifier."""
    id: str
    """Identifier of this release, unique among the releases of the process."""
    date: DateTime
    """When this information was recorded or published."""
    tag: list[ReleaseTag]
    """What the release is about (closed `releaseTag` codelist), e.g. `["tender"]`."""
    initiation_type: InitiationType = Field(alias="initiationType")
    """How the process started; always `tender` in OCDS 1.1."""
    parties: NonNull[list[Organization]] = None
    """Every organization involved, with its roles."""
    buyer: NonNull[OrganizationReference] = None
    """Who pays for the contract (the satker / perangkat daerah)."""
    planning: NonNull[Planning] = None
    """The planning stage."""
    tender: NonNull[Tender] = None
    """The tender stage."""
    awards: NonNull[list[Award]] = None
    """Award decisions."""
    contracts: NonNull[list[Contract]] = None
    """Signed contracts."""
    language: str | None = None
    """Default language of the text fields (BCP 47), e.g. `id`; OCDS assumes `en` when absent."""
    related_processes: NonNull[list[RelatedProcess]] = Field(None, alias="relatedProcesses")
    """Related contracting processes."""
    bids: NonNull[Bids] = None
    """Bid statistics and bid details (bids extension)."""
