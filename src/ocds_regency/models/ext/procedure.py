"""Procedure extension: whether a tender used an accelerated procedure, in `Tender.procedure`."""

from __future__ import annotations

from pydantic import Field

from ocds_regency.models._base import OcdsModel

__all__ = ["Procedure"]


class Procedure(OcdsModel):
    """Features of the procurement procedure."""

    is_accelerated: bool | None = Field(None, alias="isAccelerated")
    """Whether time limits were shortened (an accelerated procedure)."""
    accelerated_rationale: str | None = Field(None, alias="acceleratedRationale")
    """Why the procedure was accelerated."""
    features: str | None = None
    """Other features of the procedure, in words."""
