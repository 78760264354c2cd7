"""Hypothesis strategies: sequences of releases of one contracting process exercising every merge rule.

Fields keep one JSON type per path (or ``null``), as real data does; ids repeat, go missing, are ``null``
or duplicated within one array; dates repeat; objects and arrays may be empty.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SCALAR = st.one_of(st.none(), st.integers(-2, 2), st.sampled_from(["a", "b", "é"]), st.booleans())
IDS = st.one_of(st.sampled_from(["1", "2", "3"]), st.none())
CODES = st.lists(st.sampled_from(["x", "y", "z"]), max_size=3)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def obj(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def with_id(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return obj(id=IDS, **fields)


def array(element: st.SearchStrategy[Any], size: int = 3) -> st.SearchStrategy[Any]:
    return maybe(st.lists(element, max_size=size))


CLASSIFICATION = obj(id=IDS, scheme=SCALAR, description=SCALAR)
VALUE = obj(amount=SCALAR, currency=SCALAR)
ITEM = with_id(
    description=SCALAR,
    quantity=SCALAR,
    unit=maybe(obj(name=SCALAR, value=maybe(VALUE))),
    classification=maybe(CLASSIFICATION),
    additionalClassifications=array(CLASSIFICATION, 2),
)
DOCUMENT = with_id(title=SCALAR, documentType=SCALAR)
ORGANIZATION_REFERENCE = with_id(name=SCALAR)
PARTY = with_id(
    name=SCALAR,
    roles=maybe(CODES),
    additionalIdentifiers=array(CLASSIFICATION, 2),
    contactPoint=maybe(obj(name=SCALAR, email=SCALAR)),
)
TENDER = obj(
    id=SCALAR,
    status=SCALAR,
    value=maybe(VALUE),
    items=array(ITEM),
    documents=array(DOCUMENT, 2),
    submissionMethod=maybe(CODES),
    tenderers=array(ORGANIZATION_REFERENCE, 2),
    hasEnquiries=SCALAR,
)
AWARD = with_id(status=SCALAR, value=maybe(VALUE), suppliers=array(ORGANIZATION_REFERENCE, 2), items=array(ITEM, 2))
CUSTOM = obj(  # not in the schema: arrays of objects are identifier-merged, arrays of values replaced
    note=SCALAR,
    things=array(obj(id=IDS, v=SCALAR, deep=maybe(obj(w=SCALAR))), 3),
    codes=maybe(CODES),
)


@st.composite
def releases(draw: st.DrawFn, max_size: int = 4) -> list[dict[str, Any]]:
    """A list of 1..max_size releases of the contracting process ``ocds-213czf-1``."""
    count = draw(st.integers(1, max_size))
    out = []
    for _ in range(count):
        release: dict[str, Any] = {
            "ocid": "ocds-213czf-1",
            "id": draw(st.sampled_from(["r1", "r2", "r3"])),
            "date": draw(st.sampled_from(["2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", "2020-01-03T00:00:00Z"])),
        }
        if draw(st.booleans()):
            release["tag"] = draw(st.lists(st.sampled_from(["planning", "tender", "award"]), min_size=1, max_size=2))
        release.update(
            draw(
                obj(
                    initiationType=SCALAR,
                    planning=maybe(obj(budget=maybe(obj(amount=maybe(VALUE), description=SCALAR)))),
                    tender=maybe(TENDER),
                    parties=array(PARTY),
                    awards=array(AWARD, 2),
                    custom=maybe(CUSTOM),
                )
            )
        )
        out.append(release)
    return out
