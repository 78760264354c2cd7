"""``quality.supplier_split``: one supplier is one party.

No two supplier parties (referenced from ``awards[].suppliers``) share an identifier (an NPWP, scheme
``ID-DJP``, in any written form: 15 or 16 digits, with or without punctuation; or the same id in another
scheme), or have the same name once legal-form tokens (``PT``, ``CV.``, ...), punctuation and case are set
aside. Names are compared only when the identifiers don't tell the two apart (the same scheme with
different ids: two NPWPs, two registrations). Each party after the first of a group is reported, naming
the first.
"""

from __future__ import annotations

from ocds_regency.validate.checks import Problem
from ocds_regency.validate.checks._util import told_apart
from ocds_regency.validate.checks.view import ReleaseView

CODE = "quality.supplier_split"


def check(view: ReleaseView) -> list[Problem] | None:
    """A problem per supplier party that repeats an earlier one; ``None`` if no award has a supplier."""
    suppliers = view.supplier_ids
    if not suppliers:
        return None
    if len(suppliers) == 1:
        return []  # one supplier id: nothing to split (a repeated party id is quality.party_reference's)
    # Groups of one supplier: (first party id, identifiers, names).
    groups: list[tuple[object, set[tuple[str, str]], set[str]]] = []
    problems = []
    for i, party, keys, name in view.suppliers:
        ident = party["id"]
        for first, group_keys, group_names in groups:
            if first == ident and type(first) is type(ident):
                break  # a duplicated party id: quality.party_reference's business
            if shared := keys & group_keys:
                reason = "same_npwp" if any(scheme == "ID-DJP" for scheme, _ in shared) else "same_identifier"
            elif name is not None and name in group_names and not told_apart(keys, group_keys):
                reason = "same_name"
            else:
                continue
            problems.append(Problem(f"/parties/{i}/id", ident, {"other": first, "reason": reason}))
            group_keys |= keys
            if name is not None:
                group_names.add(name)
            break
        else:
            groups.append((ident, set(keys), {name} if name is not None else set()))
    return problems
