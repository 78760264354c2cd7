"""References between parts of a compiled release: parties, tenderers, awards; parties' names and roles,
and one supplier published as several parties."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ocds_regency.validate.checks import Check, Problem, QualityConfig
from ocds_regency.validate.checks._util import (
    as_list,
    as_map,
    identifier_keys,
    memo,
    organisation_name,
    told_apart,
)

__all__ = ["CHECKS", "ROLE_FIELDS", "supplier_parties"]


class _Ref(NamedTuple):
    path: str
    role: str
    ref: Mapping[str, Any]


def _references(release: Mapping[str, Any]) -> Iterator[_Ref]:
    if isinstance(release.get("buyer"), dict):
        yield _Ref("/buyer", "buyer", release["buyer"])
    tender = as_map(release.get("tender"))
    if isinstance(tender.get("procuringEntity"), dict):
        yield _Ref("/tender/procuringEntity", "procuringEntity", tender["procuringEntity"])
    for i, ref in enumerate(as_list(tender.get("tenderers"))):
        if isinstance(ref, dict):
            yield _Ref(f"/tender/tenderers/{i}", "tenderer", ref)
    for i, award in enumerate(as_list(release.get("awards"))):
        for j, ref in enumerate(as_list(as_map(award).get("suppliers"))):
            if isinstance(ref, dict):
                yield _Ref(f"/awards/{i}/suppliers/{j}", "supplier", ref)
    for i, contract in enumerate(as_list(release.get("contracts"))):
        transactions = as_list(as_map(as_map(contract).get("implementation")).get("transactions"))
        for t, tx in enumerate(transactions):
            tx = as_map(tx)
            for role in ("payer", "payee"):
                if isinstance(tx.get(role), dict):
                    yield _Ref(f"/contracts/{i}/implementation/transactions/{t}/{role}", role, tx[role])


def _hashable(value: object) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


_Resolved = list[tuple[_Ref, "Mapping[str, Any] | None", "str | None"]]


def _resolve(release: Mapping[str, Any]) -> _Resolved:
    """Each reference with its single matching party, or ``None`` and the failure reason."""
    return memo(release, "references", lambda r: list(_resolve_all(r)))  # type: ignore[no-any-return]


def _resolve_all(release: Mapping[str, Any]) -> Iterator[tuple[_Ref, Mapping[str, Any] | None, str | None]]:
    by_id: dict[tuple[type[Any], Any], list[Mapping[str, Any]]] = {}
    for party in as_list(release.get("parties")):
        if isinstance(party, dict) and _hashable(party.get("id")):
            by_id.setdefault((type(party["id"]), party["id"]), []).append(party)
    # The ids as text, to tell a type mismatch (1 vs "1") from no match: built only if a match fails.
    by_text: set[str] | None = None
    for ref in _references(release):
        ident = ref.ref.get("id")
        if ident is None or not _hashable(ident):
            yield ref, None, "no_id"
        elif not by_id:
            yield ref, None, "no_parties"
        else:
            matches = by_id.get((type(ident), ident), [])
            if len(matches) == 1:
                yield ref, matches[0], None
            elif matches:
                yield ref, None, "multiple"
            else:
                if by_text is None:
                    by_text = {str(key[1]) for key in by_id}
                yield ref, None, "type_mismatch" if str(ident) in by_text else "no_match"


def party_reference(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """Every buyer, procuring entity, tenderer, supplier, payer and payee ``id`` matches exactly one party."""
    applied = False
    problems = []
    for ref, _party, reason in _resolve(release):
        applied = True
        if reason is not None:
            problems.append(Problem(f"{ref.path}/id", ref.ref.get("id"), {"role": ref.role, "reason": reason}))
    return problems if applied else None


def party_role(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """The party a reference points to has the matching role (``buyer``, ``tenderer``, ``supplier``, ...)."""
    applied = False
    problems = []
    for ref, party, _reason in _resolve(release):
        if party is None:
            continue
        applied = True
        roles = party.get("roles")
        if not isinstance(roles, list) or ref.role not in roles:
            problems.append(Problem(ref.path, ref.ref.get("id"), {"role": ref.role}))
    return problems if applied else None


def party_name(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """The ``name`` in a reference equals the name of the party it points to."""
    applied = False
    problems = []
    for ref, party, _reason in _resolve(release):
        if party is None or not isinstance(ref.ref.get("name"), str) or not isinstance(party.get("name"), str):
            continue
        applied = True
        if ref.ref["name"] != party["name"]:
            problems.append(Problem(f"{ref.path}/name", ref.ref["name"], {"party_name": party["name"]}))
    return problems if applied else None


def number_of_tenderers(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """``tender.numberOfTenderers`` equals the number of ``tender.tenderers``."""
    tender = as_map(release.get("tender"))
    declared = tender.get("numberOfTenderers")
    tenderers = tender.get("tenderers")
    if isinstance(declared, bool) or not isinstance(declared, int) or not isinstance(tenderers, list):
        return None
    if declared != len(tenderers):
        return [Problem("/tender/numberOfTenderers", declared, {"declared": declared, "actual": len(tenderers)})]
    return []


def contract_award(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """Every ``contracts[].awardID`` matches exactly one ``awards[].id``."""
    contracts = as_list(release.get("contracts"))
    if not contracts:
        return None
    counts: dict[object, int] = {}
    for award in as_list(release.get("awards")):
        ident = as_map(award).get("id")
        if _hashable(ident):
            key = (type(ident), ident)
            counts[key] = counts.get(key, 0) + 1
    problems = []
    for i, contract in enumerate(contracts):
        award_id = as_map(contract).get("awardID")
        if award_id is None or not _hashable(award_id):
            problems.append(Problem(f"/contracts/{i}/awardID", award_id, {"reason": "no_award_id"}))
            continue
        found = counts.get((type(award_id), award_id), 0)
        if found != 1:
            reason = "no_award" if found == 0 else "multiple_awards"
            problems.append(Problem(f"/contracts/{i}/awardID", award_id, {"reason": reason}))
    return problems


def party_unnamed(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """Every party has a ``name``: a party nobody can name can't be audited."""
    applied = False
    problems = []
    for i, party in enumerate(as_list(release.get("parties"))):
        if type(party) is not dict:
            continue
        applied = True
        name = party.get("name")
        if type(name) is not str or not name.strip():
            problems.append(Problem(f"/parties/{i}/name", party.get("id"), {}))
    return problems if applied else None


#: Where each role must be referenced from (``parties[].roles`` -> the field that points at the party).
ROLE_FIELDS: dict[str, str] = {
    "buyer": "buyer",
    "procuringEntity": "tender.procuringEntity",
    "tenderer": "tender.tenderers",
    "supplier": "awards.suppliers",
    "payer": "contracts.implementation.transactions.payer",
    "payee": "contracts.implementation.transactions.payee",
}


def party_role_unreferenced(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """A party with the role ``buyer``, ``procuringEntity``, ``tenderer``, ``supplier``, ``payer`` or ``payee``
    is referenced from the matching field (Pelican's ``consistent.parties_roles``, with ``buyer`` too):
    a party with role ``procuringEntity`` and no ``tender.procuringEntity`` is the usual case."""
    referenced: set[tuple[str, type[Any], object]] = set()
    for ref in _references(release):
        ident = ref.ref.get("id")
        if _hashable(ident):
            referenced.add((ref.role, type(ident), ident))
    applied = False
    problems = []
    for i, party in enumerate(as_list(release.get("parties"))):
        roles = as_map(party).get("roles")
        if type(roles) is not list:
            continue
        ident = party.get("id")
        for role in roles:
            if type(role) is not str or role not in ROLE_FIELDS:
                continue
            applied = True
            if not _hashable(ident) or (role, type(ident), ident) not in referenced:
                problems.append(Problem(f"/parties/{i}/roles", role, {"role": role, "field": ROLE_FIELDS[role]}))
    return problems if applied else None


def _award_suppliers(release: Mapping[str, Any]) -> set[tuple[type[Any], object]]:
    found: set[tuple[type[Any], object]] = set()
    for award in as_list(release.get("awards")):
        for ref in as_list(as_map(award).get("suppliers")):
            ident = ref.get("id") if type(ref) is dict else None
            kind = type(ident)
            if kind is str or kind is int or kind is float:
                found.add((kind, ident))
    return found


def supplier_parties(release: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]] | None:
    """``(index, party)`` of each party that ``awards[].suppliers`` refers to; ``None`` if no award has a
    supplier with an id."""
    suppliers = _award_suppliers(release)
    if not suppliers:
        return None
    found: list[tuple[int, Mapping[str, Any]]] = []
    for i, party in enumerate(as_list(release.get("parties"))):
        if type(party) is not dict:
            continue
        ident = party.get("id")
        kind = type(ident)
        if (kind is str or kind is int or kind is float) and (kind, ident) in suppliers:
            found.append((i, party))
    return found


def supplier_split(release: Mapping[str, Any], config: QualityConfig) -> list[Problem] | None:
    """One supplier is one party: no two supplier parties (referenced from ``awards[].suppliers``) share an
    identifier (an NPWP, scheme ``ID-DJP``, in any written form: 15 or 16 digits, with or without
    punctuation; or the same id in another scheme), or have the same name once legal-form tokens
    (``PT``, ``CV.``, ...), punctuation and case are set aside.

    Names are compared only when the identifiers don't tell the two apart (the same scheme with
    different ids: two NPWPs, two registrations). Each party after the first of a group is reported,
    naming the first.
    """
    parties = supplier_parties(release)
    if parties is None:
        return None
    # Groups of one supplier: (first party id, identifiers, names).
    groups: list[tuple[object, set[tuple[str, str]], set[str]]] = []
    problems = []
    for i, party in parties:
        ident = party["id"]
        keys = identifier_keys(party)
        name = organisation_name(party.get("name"))
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


CHECKS: dict[str, Check] = {
    "quality.number_of_tenderers": number_of_tenderers,
    "quality.party_reference": party_reference,
    "quality.party_role": party_role,
    "quality.party_name": party_name,
    "quality.contract_award": contract_award,
    "quality.party_unnamed": party_unnamed,
    "quality.party_role_unreferenced": party_role_unreferenced,
    "quality.supplier_split": supplier_split,
}
