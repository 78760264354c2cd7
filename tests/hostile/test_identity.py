"""No identity collisions: distinct source keys never share an ocid."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ocds_regency.mapping import convert
from ocds_regency.mapping.ids import make_ocid
from tests.hostile.conftest import PREFIX, tender_row


def test_look_alike_keys_are_three_processes(tmp_path: Path) -> None:
    path = tmp_path / "SPSE-TenderPengumuman.json"
    path.write_text(json.dumps([tender_row(kd_tender=key) for key in ("PKT-1", "PKT/1", "PKT_1")]))
    conversion = convert([path], prefix=PREFIX)
    ocids = {release["ocid"] for release in conversion}
    assert len(ocids) == 3
    assert conversion.report.totals.used == 3


@given(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12))
def test_the_ocid_encoding_is_injective(a: str, b: str) -> None:
    if a != b:
        assert make_ocid(PREFIX, "tender", a, "9") != make_ocid(PREFIX, "tender", b, "9")
        assert make_ocid(PREFIX, "rup", a) != make_ocid(PREFIX, "rup", b)


@given(st.text(min_size=1, max_size=12))
def test_an_ocid_is_safe_in_urls_and_file_names(key: str) -> None:
    ocid = make_ocid(PREFIX, "tender", key, "9")
    assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in ocid)


def test_lkpp_keys_are_unchanged() -> None:
    assert make_ocid("ocds-a1b2c3", "tender", "10011868000", "93") == "ocds-a1b2c3-lpse93-tender-10011868000"
