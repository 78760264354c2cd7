"""Party scale extension: the size of an organization, in `Organization.details.scale`."""

from __future__ import annotations

from ocds_regency.models._base import OcdsModel
from ocds_regency.models.codelists import PartyScale

__all__ = ["OrganizationDetails"]


class OrganizationDetails(OcdsModel):
    """Further details about a party. Other extensions add fields here; they are kept as extra fields."""

    scale: PartyScale | None = None
    """Size of the organization (closed `partyScale` codelist): `micro`, `small`, `medium`, `large`, ..."""
