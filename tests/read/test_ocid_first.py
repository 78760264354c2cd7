"""The ocid-first pattern is written once: the lazy reader and the range scanner take the same ocid from a line."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency.compile.work import RANGE_LINE
from ocds_regency.read.ocid import OCID_FIRST

SPACE = st.text(" \t\r", max_size=3)
OCID = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=20)


@given(SPACE, SPACE, SPACE, SPACE, OCID, st.booleans())
def test_the_reader_and_the_range_scanner_agree(a: str, b: str, c: str, d: str, ocid: str, indent: bool) -> None:
    line = f'{a}{{{b}"ocid"{c}:{d}{json.dumps(ocid, ensure_ascii=False)},"id":"1"}}\n'.encode()
    if indent:
        line = b" " + line
    read, scanned = OCID_FIRST.match(line), RANGE_LINE.match(line)
    assert (read is None) == (scanned is None or scanned.group(1) is None)
    if read is not None:
        assert scanned is not None
        assert read.group(1) == scanned.group(1) == ocid.encode()  # a plain ocid: nothing to unescape
        assert json.loads(line)["ocid"] == ocid


@pytest.mark.parametrize(
    "line",
    [
        b'{"id":"1","ocid":"o"}\n',  # not first
        b'{"ocid":"o\\u0041","id":"1"}\n',  # escaped: decoded by the reader instead
        b'\x0c{"ocid":"o","id":"1"}\n',  # a form feed is not JSON whitespace
        b'{"ocid":"o"}\n',  # nothing after it: not a release with a plain ocid first
    ],
)
def test_lines_left_to_the_decoder(line: bytes) -> None:
    assert OCID_FIRST.match(line) is None
    found = RANGE_LINE.match(line)
    assert found is None or found.group(1) is None
