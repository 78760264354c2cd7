"""``id.npwp``: identifiers with scheme ``ID-DJP`` are 16 digits: ``"0"`` + a 15-digit NPWP whose check
digit (Luhn over its first nine digits) is right, the ``10…`` form DJP issues to organisations, or an
individual's NIK (the ISB parser's rule, :func:`ocds_regency.isb.parse.npwp16_problem`)."""

from __future__ import annotations

import re

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks.view import ReleaseView

__all__ = ["CODE", "check", "npwp_problem"]

CODE = "id.npwp"

_SIXTEEN = re.compile(r"\d{16}")


def npwp_problem(value: object) -> str | None:
    """Why ``value`` is not a valid NPWP-16 identifier (a reason code), or ``None`` if it is valid."""
    if not isinstance(value, str) or not _SIXTEEN.fullmatch(value):
        return "npwp_length"
    # Imported on first use: the ISB package (its pydantic models) takes most of the import time.
    from ocds_regency.isb.parse import npwp16_problem

    if npwp16_problem(value) is None:
        return None
    return "npwp_check_digit" if value.startswith("0") else "npwp_nik"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per invalid ``ID-DJP`` identifier (with the reason); ``None`` if there is none."""
    applied = False
    problems = []
    for i, party in view.parties:
        identifier = party.get("identifier")
        if type(identifier) is dict and identifier.get("scheme") == "ID-DJP":
            applied = True
            if (reason := npwp_problem(value := identifier.get("id"))) is not None:
                problems.append(Problem(f"/parties/{i}/identifier/id", value, {"reason": reason}))
        extras = party.get("additionalIdentifiers")
        if type(extras) is list:
            for k, extra in enumerate(extras):
                if type(extra) is dict and extra.get("scheme") == "ID-DJP":
                    applied = True
                    if (reason := npwp_problem(value := extra.get("id"))) is not None:
                        path = f"/parties/{i}/additionalIdentifiers/{k}/id"
                        problems.append(Problem(path, value, {"reason": reason}))
    return problems if applied else None
