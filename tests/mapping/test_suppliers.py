"""A process's suppliers: a row naming a supplier by name only is the party of that name in its process."""

from __future__ import annotations

from ocds_regency.mapping.parties import ProcessSuppliers, Supplier, SupplierDirectory


def _directory(*suppliers: Supplier) -> SupplierDirectory:
    directory = SupplierDirectory()
    for supplier in suppliers:
        directory.observe(supplier)
    return directory


def test_a_name_only_row_is_the_party_its_process_identifies_by_that_name() -> None:
    first = Supplier("CV. Abadi", None, False, "111", ("0123456789012345",))
    second = Supplier("Abadi CV", None, False, "222")  # another party, the same name for comparison
    directory = _directory(first, second)
    suppliers = ProcessSuppliers(directory)
    suppliers.learn(first)
    suppliers.learn(second)
    suppliers.learn(Supplier(None, None, False, "333"))  # no name: nothing to learn
    party = suppliers.resolve(Supplier("ABADI", None, False, None))
    # the first supplier learnt with the name: input-wide, the name is two parties' (no one match)
    assert party is not None and party.kds == {"111"}
    assert directory.named("ABADI") is None
    assert suppliers.names == {"ABADI": directory.root(first)}


def test_a_name_learnt_after_the_first_look_is_known_too() -> None:
    first = Supplier("PT Maju", None, False, "111")
    later = Supplier("CV Jaya", None, False, "222")
    suppliers = ProcessSuppliers(_directory(first, later))
    suppliers.learn(first)
    assert set(suppliers.names) == {"MAJU"}
    suppliers.learn(later)
    party = suppliers.resolve(Supplier("Jaya", None, False, None))
    assert party is not None and party.kds == {"222"}


def test_a_process_s_suppliers_shared_know_what_either_learns() -> None:
    supplier = Supplier("UD Sentosa", None, False, "111")
    inner = ProcessSuppliers(_directory(supplier))
    inner.learn(supplier)
    shared = ProcessSuppliers(inner.directory)
    shared.share(inner)
    assert shared.resolve(Supplier("Sentosa", None, False, None)) is not None
    assert inner.names == shared.names == {"SENTOSA": inner.directory.root(supplier)}
    shared.labels["x"] = "y"
    assert inner.labels == {"x": "y"}
