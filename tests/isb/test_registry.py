"""The one dataset registry: every dataset has a record class, an entry, and a use the mapping honours.

This is the test behind the "Add a dataset" checklist of ``docs/architecture.md``: a dataset added to the
registry without a record class, without its fields in the record, or without a mapping (or an explicit
reference/withheld use) fails here.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from ocds_regency.i18n import CATALOG, LANGS
from ocds_regency.isb import DATASETS, IsbRecord, ProcessKind, Use, bela, ecat, ekontrak, rup, spse
from ocds_regency.isb.datasets import PARENT_TWINS
from ocds_regency.mapping import Reason, SourceRow, convert, make_ocid
from ocds_regency.mapping.lookups import MASTER_SATKER, is_lookup, join_key, not_published, reference_name

# A plausible value for each field kind, enough for a row to be filed under its process.
_VALUES: dict[str, Any] = {
    "rupiah": "1500000",
    "number": "2",
    "int": "1",
    "bool": "False",
    "date": "2025-03-04 10:00:00",
    "code": "7001",
    "codes": "7001",
    "npwp": "0123456789012345",
    "satker": "1.02.0.00.0.00.01.0000",
}


def _row(model: type[IsbRecord], fields: set[str], **fixed: Any) -> dict[str, Any]:
    kinds = model.field_kinds()
    row = {name: _VALUES.get(kinds[name], "contoh") for name in fields}
    row.update(fixed)
    return row


def _records() -> set[type[IsbRecord]]:
    found = set()
    for module in (rup, spse, ekontrak, ecat, bela):
        for name, value in vars(module).items():
            own = inspect.isclass(value) and value.__module__ == module.__name__ and not name.startswith("_")
            if own and issubclass(value, IsbRecord):
                found.add(value)
    return found


def test_every_record_class_is_registered() -> None:
    registered = {dataset.model for dataset in DATASETS.values()}
    assert _records() - registered == set()


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_registered_field_is_a_field_of_the_record(name: str) -> None:
    spec = DATASETS[name]
    fields = set(spec.model.model_fields)
    named = {*spec.keys, *spec.signature, *spec.identity, *spec.fallback_keys, *spec.names_any}
    if spec.join_key:
        named.add(spec.join_key)
    assert named <= fields, f"{name}: {sorted(named - fields)} are not fields of {spec.model.__name__}"
    assert spec.use is Use.PROCESS or not (spec.root or spec.result or spec.identity), name


def test_each_kind_has_one_root_dataset_family() -> None:
    roots = {spec.kind for spec in DATASETS.values() if spec.root}
    assert roots == set(ProcessKind)
    for spec in DATASETS.values():
        if spec.use is Use.PROCESS and not spec.root:  # a child joins a root of its kind, by the same key field
            assert any(r.root and r.kind is spec.kind and r.keys == spec.keys for r in DATASETS.values()), spec.name


def test_reference_datasets_are_kept_by_the_mapping() -> None:
    for name, spec in DATASETS.items():
        if spec.use is Use.LOOKUP:
            assert is_lookup(name) or name == MASTER_SATKER, name
            assert spec.join_key is not None, f"{name}: a reference dataset names the field rows cite it by"
            if name != MASTER_SATKER:
                assert join_key(name) == spec.join_key
                noun = reference_name(name)
                assert set(CATALOG[noun.code]) == set(LANGS), f"{name}: the report's noun for it, in both languages"
        else:
            assert not is_lookup(name), name
    # every name of a reference dataset in the catalog is a reference dataset's
    named = {code.removeprefix("conversion.reference.") for code in CATALOG if code.startswith("conversion.reference.")}
    assert named == {name for name in DATASETS if is_lookup(name)}


def _root_of(kind: ProcessKind) -> str:
    return next(name for name, spec in DATASETS.items() if spec.root and spec.kind is kind)


@pytest.mark.parametrize("name", [name for name, spec in DATASETS.items() if spec.use is Use.PROCESS])
def test_every_process_dataset_is_mapped(name: str) -> None:
    """A row of the dataset joins the process its root opens: never unknown, never an orphan."""
    spec = DATASETS[name]
    key = dict.fromkeys(spec.keys, "7001")
    root_name = _root_of(spec.kind)
    root_spec = DATASETS[root_name]
    rows = [SourceRow(root_name, _row(root_spec.model, set(root_spec.signature), **key), "root.json", "item 1")]
    if name != root_name:
        rows.append(SourceRow(name, _row(spec.model, set(spec.signature), **key), "child.json", "item 1"))
    conversion = convert(rows, prefix="ocds-test")
    assert conversion.process_count == 1  # the row joined the root's process (a result alone would open its own)
    releases = list(conversion)
    rejected = {(r.source, r.reason) for r in conversion.report.rejections}
    assert not any(reason in {Reason.UNKNOWN_DATASET, Reason.ORPHAN} for _, reason in rejected), rejected
    assert all(release["ocid"].startswith(f"ocds-test-{spec.kind}-") for release in releases)
    if name in PARENT_TWINS:  # undecided twins are named by the plan they join
        assert set(PARENT_TWINS[name]) <= {n for n, s in DATASETS.items() if s.root and s.kind is spec.kind}


@pytest.mark.parametrize("name", [name for name, spec in DATASETS.items() if spec.use is Use.WITHHELD])
def test_withheld_datasets_are_reported_by_name(name: str) -> None:
    spec = DATASETS[name]
    why = not_published(name)
    assert why is not None
    assert set(CATALOG[why.code]) == set(LANGS), f"{name}: a withheld dataset says why, in English and Bahasa Indonesia"
    conversion = convert([SourceRow(name, _row(spec.model, set(spec.signature)), "w.json", "item 1")], prefix="x")
    assert list(conversion) == []
    [rejection] = conversion.report.rejections
    assert rejection.reason == Reason.NOT_PUBLISHED and name in rejection.message
    assert rejection.message.endswith(why.text("en")) and rejection.text("id").endswith(why.text("id"))


def test_only_withheld_datasets_say_why_they_are_withheld() -> None:
    named = {code.removeprefix("conversion.withheld.") for code in CATALOG if code.startswith("conversion.withheld.")}
    assert named == {name for name, spec in DATASETS.items() if spec.use is Use.WITHHELD}
    assert not_published("RUP-PaketPenyediaLokasi") is None


def test_process_kinds_are_one_vocabulary() -> None:
    assert [kind.rank for kind in ProcessKind] == list(range(len(ProcessKind)))
    assert make_ocid("ocds-x", ProcessKind.EKATALOG, "K1", "93") == "ocds-x-ekatalog-K1"
    assert make_ocid("ocds-x", ProcessKind.NONTENDER, "K1", "93") == "ocds-x-lpse93-nontender-K1"
    with pytest.raises(ValueError, match="ecat"):
        make_ocid("ocds-x", "ecat", "K1")  # the old family word is not a process kind


def test_no_second_registry_in_the_reader_or_the_mapping() -> None:
    """No module-level table in ``read/`` or ``mapping/`` lists datasets (kinds, keys, roles live in the registry).

    Allowed: the award mapper's precedence of the rows that carry a package's status (results before
    announcements: a mapping rule, not a fact about the datasets).
    """
    import importlib
    import pkgutil

    import ocds_regency.mapping
    import ocds_regency.read

    allowed = {("ocds_regency.mapping.award", "_STATUS_ROWS")}
    found = []
    for package in (ocds_regency.read, ocds_regency.mapping):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if value is DATASETS or (module.__name__, name) in allowed:
                    continue
                items = value if isinstance(value, dict | set | frozenset | tuple | list) else ()
                named = {item for item in items if isinstance(item, str) and item in DATASETS}
                if len(named) >= 3:
                    found.append(f"{module.__name__}.{name}")
    assert found == []
