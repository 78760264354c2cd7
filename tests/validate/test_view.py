"""The checks share one view of a release: what each finds with the shared view is what it finds alone.

A check that changed a fact of the view (a list it was handed) or depended on which check asked first
would break this. The releases are a rich one (documents, milestones, amendments everywhere the checks
look), edits at the checks' boundaries and random mutations, and the generated dirty and clean sets.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocds_regency.validate.checks import CHECKS, QualityConfig, run_checks
from ocds_regency.validate.checks.publication import PUBLICATION_CHECKS, release_facts
from ocds_regency.validate.checks.view import ReleaseView

CONFIGS = [QualityConfig(), QualityConfig(expected_currency="GBP", duration_tolerance=0)]

_DATES = [
    "2024-01-01T00:00:00Z",
    "2024-01-15T00:00:00+07:00",
    "2023-12-01T00:00:00",
    "2025-06-01T12:00:00-05:00",
    "2024-01-20T00:00:00+07:00",
    "2024-01-01",
    "not a date",
]
_POOL: list[Any] = [
    *_DATES,
    None,
    0,
    5,
    10.5,
    True,
    "",
    "A1",
    1,
    "ID-SATKER-1",
    "ID-DJP-0213631617444000",
    "PT Maju",
    "Dinas PUPR",
    "IDR",
    "USD",
    "pending",
    "cancelled",
    "met",
    "direct",
    "P.T. MAJU",
    "TX1-2",
    {"scheme": "ID-DJP", "id": "213631617444000"},
    {"amount": 1e14, "currency": "IDR"},
    [],
    {},
    ["buyer"],
    ["supplier", "payee"],
    {"amount": 5, "currency": "USD"},
    {"amount": 900, "currency": "IDR"},
    {"amount": 1000, "currency": "IDR"},
    {"amount": 1761, "currency": "IDR"},
    {"amount": 0, "currency": "IDR"},
    {"startDate": _DATES[1], "endDate": _DATES[0], "durationInDays": 3},
    {"startDate": _DATES[0], "maxExtentDate": _DATES[3], "durationInDays": 517},
    {"id": "ID-SATKER-1", "name": "Dinas"},
    {"id": 1, "name": "PT Maju"},
    [{"id": "X", "date": _DATES[3]}],
]


def _paths(value: Any, base: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [base] if base else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*base, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += _paths(child, (*base, i))
    return found


def _rich(make_release: Any) -> dict[str, Any]:
    """The test release with documents, milestones and amendments everywhere the checks look."""
    release: dict[str, Any] = make_release()
    doc = {"id": "D1", "datePublished": _DATES[0], "dateModified": _DATES[4]}
    milestone = {"id": "M1", "status": "met", "dateMet": _DATES[4], "dateModified": _DATES[4]}
    amendment = {"id": "AM1", "date": _DATES[4], "rationale": "harga naik"}
    contract_amendment = {**amendment, "date": "2024-02-01T00:00:00+07:00"}
    release["planning"]["documents"] = [dict(doc)]
    release["planning"]["budget"]["period"] = {"startDate": _DATES[0], "endDate": _DATES[3]}
    release["tender"]["milestones"] = [dict(milestone)]
    release["tender"]["amendments"] = [dict(amendment)]
    release["tender"]["documents"] = [dict(doc)]
    award = release["awards"][0]
    award["documents"] = [dict(doc)]
    award["amendments"] = [dict(amendment)]
    award["contractPeriod"] = {"startDate": _DATES[4], "endDate": _DATES[3], "durationInDays": 498}
    contract = release["contracts"][0]
    contract["period"] = {"startDate": _DATES[4], "endDate": _DATES[3]}
    contract["milestones"] = [dict(milestone)]
    contract["amendments"] = [dict(contract_amendment)]
    contract["documents"] = [dict(doc)]
    contract["implementation"]["milestones"] = [dict(milestone)]
    contract["implementation"]["documents"] = [dict(doc)]
    second_payment = copy.deepcopy(contract["implementation"]["transactions"][0])
    second_payment.update(id="TX2", date="2024-02-20T00:00:00+07:00")
    contract["implementation"]["transactions"].append(second_payment)
    release["contracts"].append(copy.deepcopy(contract))
    release["contracts"][1].update(id="C2", awardID="A2")
    release["awards"].append({**copy.deepcopy(award), "id": "A2"})
    # A second supplier, the winner of A2.
    release["parties"].append({"id": "S2", "name": "CV Lain", "roles": ["supplier"]})
    release["awards"][1]["suppliers"] = [{"id": "S2", "name": "CV Lain"}]
    release["tender"]["procurementMethod"] = "direct"
    return release


def _set(release: dict[str, Any], path: tuple[Any, ...], value: Any, delete: bool) -> None:
    target: Any = release
    for part in path[:-1]:
        target = target[part]
    if delete and isinstance(target, dict):
        target.pop(path[-1], None)
    else:
        target[path[-1]] = copy.deepcopy(value)


def _shared(release: dict[str, Any], config: QualityConfig) -> dict[str, Any]:
    return dict(run_checks(release, config))


def _alone(release: dict[str, Any], config: QualityConfig) -> dict[str, Any]:
    """Each check on a view of its own, the checks in reverse order."""
    return {code: CHECKS[code](release, config) for code in reversed(CHECKS) if config.runs(code)}


def _resolves(release: Any, pointer: str) -> bool:
    target = release
    for part in pointer.split("/")[1:]:
        if isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        elif isinstance(target, dict) and part in target:
            target = target[part]
        else:
            return False
    return True


def _agree(release: dict[str, Any], config: QualityConfig) -> dict[str, Any]:
    before = copy.deepcopy(release)
    shared = _shared(release, config)
    assert shared == _alone(release, config)
    # quality.supplier_ids takes a release's suppliers from its view when it has one: the same as without.
    codes = set(PUBLICATION_CHECKS)
    assert release_facts(release, codes, ReleaseView(release, config)) == release_facts(release, codes)
    assert release == before, "the checks must not change the release"
    for code, problems in shared.items():
        for problem in problems or ():
            # What a problem points at is in the release, or (a missing field) its parent is.
            parent = problem.path.rsplit("/", 1)[0]
            assert _resolves(release, problem.path) or _resolves(release, parent), (code, problem.path)
    return shared


def test_the_rich_release_passes_every_check(make_release: Any) -> None:
    results = _agree(_rich(make_release), CONFIGS[0])
    assert {code: problems for code, problems in results.items() if problems != []} == {}


def test_the_view_lists_the_facts_in_the_release_order(make_release: Any) -> None:
    release = _rich(make_release)
    release["tender"]["contractPeriod"] = {"startDate": _DATES[4]}
    release["tender"]["awardPeriod"] = {"startDate": _DATES[4]}  # listed before the contract period
    release["awards"].insert(1, "not an award")
    view = ReleaseView(release, CONFIGS[0])
    assert [period[0] for period in view.periods] == [
        "/tender/tenderPeriod",
        "/tender/awardPeriod",
        "/tender/contractPeriod",
        "/planning/budget/period",
        "/awards/0/contractPeriod",
        "/awards/2/contractPeriod",
        "/contracts/0/period",
        "/contracts/1/period",
    ]
    assert [i for i, _ in view.awards] == [0, 2]
    assert [document[0] for document in view.documents] == [
        "/planning/documents/0",
        "/tender/documents/0",
        "/awards/0/documents/0",
        "/awards/2/documents/0",
        "/contracts/0/documents/0",
        "/contracts/0/implementation/documents/0",
        "/contracts/1/documents/0",
        "/contracts/1/implementation/documents/0",
    ]
    roles = [(path, role, reason) for path, role, _ref, _party, reason in view.references]
    assert roles[:5] == [
        ("/buyer", "buyer", None),
        ("/tender/procuringEntity", "procuringEntity", None),
        ("/tender/tenderers/0", "tenderer", None),
        ("/awards/0/suppliers/0", "supplier", None),
        ("/awards/2/suppliers/0", "supplier", None),
    ]
    assert {role for _, role, _ in roles[5:]} == {"payer", "payee"}


_EDITS: list[list[tuple[tuple[Any, ...], Any]]] = [
    [(("contracts", 0, "implementation", "transactions", 0, "value", "amount"), 481)],  # 881 > 880
    [(("contracts", 0, "implementation", "transactions", 0, "value", "amount"), 480)],  # 880: not over
    [(("tender", "value", "amount"), 1000)],  # HPS = pagu
    [(("tender", "value", "amount"), 1001)],
    [(("tender", "value", "amount"), 879)],  # contracts over HPS, amendments with a rationale
    [(("tender", "value", "amount"), 879), (("contracts", 0, "amendments", 0, "rationale"), " ")],
    [(("planning", "budget", "amount", "amount"), 1351)],  # budget / tender = 150.1 %
    [(("planning", "budget", "amount", "amount"), 1350)],
    [(("awards", 1, "value", "amount"), 586)],  # 880 / 586 > 150 %
    [(("awards", 1, "id"), "A1")],  # two awards A1
    [(("contracts", 1, "awardID"), True)],
    [(("awards", 0, "status"), "pending")],
    [(("contracts", 1, "status"), "pending")],
    [(("contracts", 0, "milestones", 0, "status"), "scheduled")],
    [(("tender", "numberOfTenderers"), 2)],
    [(("parties", 1, "identifier", "id"), "0213631617444001")],
    [(("parties", 1, "identifier", "scheme"), "ID-NIB")],
    [(("tender", "status"), "cancelled")],
    [(("contracts", 0, "value", "currency"), "USD")],
    [(("awards", 0, "date"), "2024-01-10T00:00:00+07:00")],
    [(("contracts", 1, "dateSigned"), "2024-01-19T23:59:59+07:00")],
    [(("tender", "documents", 0, "dateModified"), "2023-12-31T23:59:59Z")],
    [(("date",), "2024-02-25T00:00:00+07:00")],  # transactions on the release date: not after it
    [(("date",), "2024-02-24T23:59:59+07:00")],
    [(("contracts", 0, "amendments", 0, "date"), "2024-01-24T23:59:59+07:00")],  # before the signature
    [(("contracts", 0, "amendments", 0, "date"), "2024-01-25T00:00:00+07:00")],  # on it
    [(("tender", "amendments", 0, "date"), "2023-12-31T23:59:59+07:00")],
    [(("awards", 1, "amendments", 0, "date"), "2024-01-19T00:00:00+07:00")],
    [(("contracts", 0, "implementation", "transactions", 1, "date"), "2024-02-25T23:00:00+07:00")],  # same day
    [(("contracts", 0, "implementation", "transactions", 1, "id"), "TX1-2")],  # same number
    [(("contracts", 0, "implementation", "transactions", 1, "value", "amount"), 401)],
    [(("parties", 2, "name"), "P.T. MAJU")],  # same name as party 1
    [(("parties", 2, "name"), " ")],
    [(("parties", 2, "identifier"), {"scheme": "ID-DJP", "id": "213631617444000"})],  # same NPWP
    [(("awards", 1, "suppliers", 0, "id"), "ID-DJP-0213631617444000")],  # one supplier: S2 unreferenced
    [(("tender", "procuringEntity"), None)],
    [(("tender", "numberOfTenderers"), 1.5)],
    [(("tender", "value", "amount"), 8e13)],  # 5 billion dollars: the limit
    [(("tender", "value", "amount"), 8.00001e13)],
    [(("tender", "contractPeriod"), {"startDate": "2024-01-10T00:00:00+07:00"})],
    [(("tender", "contractPeriod"), {"startDate": "2024-01-11T00:00:00+07:00"})],
]


@pytest.mark.parametrize("edits", _EDITS)
def test_the_checks_agree_at_the_boundaries(make_release: Any, edits: list[tuple[tuple[Any, ...], Any]]) -> None:
    release = _rich(make_release)
    for path, value in edits:
        _set(release, path, value, delete=False)
    for config in CONFIGS:
        _agree(release, config)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_checks_agree_on_mutated_releases(make_release: Any, data: st.DataObject) -> None:
    release = _rich(make_release)
    for _ in range(data.draw(st.integers(1, 6))):
        paths = _paths(release)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        _set(release, path, data.draw(st.sampled_from(_POOL)), data.draw(st.booleans()))
    for config in CONFIGS:
        _agree(release, config)


def test_the_checks_agree_on_the_generated_sets(generated: dict[str, Any]) -> None:
    failed = 0
    for name in ("dirty", "clean"):
        for release in json.loads(Path(generated[name]).read_text())["releases"]:
            for config in CONFIGS:
                failed += any(_agree(release, config).values())
    assert failed, "the dirty set must make some check fail"


def test_a_release_alone_in_its_process_is_viewed_once(generated: dict[str, Any], monkeypatch: Any) -> None:
    # Its facts for quality.supplier_ids are taken from the view its checks read: one view per process
    # whose only release it is; none for the releases of processes with several (merged at the end).
    import ocds_regency.validate as validation
    from ocds_regency.validate import validate

    package = json.loads(Path(generated["clean"]).read_text())
    releases = package["releases"]
    package["releases"] = [*releases, {**releases[0], "id": "again"}]  # a second release of the first process
    built: list[object] = []

    class Counted(ReleaseView):
        def __init__(self, release: Any, config: QualityConfig) -> None:
            built.append(release.get("id"))
            super().__init__(release, config)

    walked: list[object] = []  # releases whose suppliers were found without a view

    def supplier_parties(release: Any) -> Any:
        walked.append(release.get("id"))
        return view_module.supplier_parties(release)

    from ocds_regency.validate.checks import publication
    from ocds_regency.validate.checks import view as view_module

    monkeypatch.setattr(validation, "ReleaseView", Counted)
    monkeypatch.setattr(publication, "supplier_parties", supplier_parties)
    for threshold in (0, 1 << 40):  # streamed and in memory
        built.clear()
        walked.clear()
        report = validate(json.dumps(package).encode(), stream_threshold=threshold)
        assert report.releases == len(releases) + 1
        # One per release alone in its process so far (its facts and checks), and the first process's
        # compiled release, merged at the end; none for the second release of that process.
        assert len(built) == len(releases) + 1, threshold
        assert "again" not in built and len(set(built)) == len(built)
        assert walked == ["again"]
        assert (
            report.checks["quality.supplier_ids"].not_applicable
            + report.checks["quality.supplier_ids"].passed
            + report.checks["quality.supplier_ids"].failed
            == len(releases) + 1
        )
