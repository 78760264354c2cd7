"""One bad cell never blocks a publication: URLs repaired or dropped, control characters never published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocds_regency.cli.validate import _printable
from ocds_regency.errors import ParseError
from ocds_regency.isb import parse
from ocds_regency.mapping import SourceRow, convert
from ocds_regency.package import PackageMetadata
from ocds_regency.pipeline import PublishOptions, publish
from tests.hostile.conftest import PREFIX, run_cli, tender_row

DATE = "2025-11-04T08:00:00Z"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://lpse.contoh.go.id/eproc4", "https://lpse.contoh.go.id/eproc4"),
        ("  HTTPS://lpse.contoh.go.id/eproc4 ", "https://lpse.contoh.go.id/eproc4"),
        (
            "https://bücher.example/dokumen ringkas",
            "https://xn--bcher-kva.example/dokumen%20ringkas",  # the example of RFC 3492
        ),
        ("https://lpse.contoh.go.id/berkas/é.pdf", "https://lpse.contoh.go.id/berkas/%C3%A9.pdf"),
    ],
)
def test_an_iri_becomes_a_uri(value: str, expected: str) -> None:
    assert parse.parse_url(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://lpse.contoh.go.id/",
        "file:///etc/passwd",
        "lpse.contoh.go.id/eproc4",  # no scheme: http or https?
        "/eproc4/lelang",  # relative
        "https://a.go.id https://b.go.id",
        "https://a.go.id\nhttps://b.go.id",
        "https://lpse.contoh.go.id/\neproc4",
        "https://user:secret@lpse.contoh.go.id/",
        "https://lpse.contoh.go.id/\x1b[31m",
        "http://",
    ],
)
def test_anything_else_is_a_parse_error(value: str) -> None:
    with pytest.raises(ParseError):
        parse.parse_url(value)


@given(st.text(max_size=60))
def test_a_published_url_is_always_an_absolute_http_uri(value: str) -> None:
    try:
        url = parse.parse_url(value)
    except ParseError:
        return
    assert url is None or (url.startswith(("http://", "https://")) and url.isascii() and " " not in url)


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "lpse.contoh.go.id", "data:,x", "a b\nc d"])
def test_a_bad_url_is_a_field_issue_and_the_row_is_published(tmp_path: Path, url: str) -> None:
    data = tmp_path / "isb"
    data.mkdir()
    (data / "SPSE-TenderPengumuman.json").write_text(json.dumps([tender_row(url_lpse=url)]))
    out = tmp_path / "out"
    result = publish([data], PackageMetadata(published_date=DATE), PublishOptions(prefix=PREFIX, out_dir=out))
    assert result.published
    releases = (out / "releases.jsonl").read_text()
    assert "javascript:" not in releases and "data:," not in releases and '"documents"' not in releases
    issues = result.report.conversion["issues"]
    assert [i["field"] for i in issues if i["field"] == "url_lpse"] == ["url_lpse"]


def test_control_characters_are_never_published() -> None:
    row = tender_row(nama_paket="Jalan\x00 Desa\x1b[2J\x07 Sampel\x9b", lokasi_pekerjaan="Desa\x1b]0;x\x07 Contoh")
    conversion = convert([SourceRow("SPSE-TenderPengumuman", row, "t.json", "item 1")], prefix=PREFIX)
    text = json.dumps(list(conversion), default=str)
    assert not any(f"\\u{code:04x}" in text for code in [*range(9), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
    assert "Jalan Desa[2J Sampel" in text


def test_validate_text_output_escapes_control_characters(tmp_path: Path) -> None:
    release = {"ocid": "ocds-zz9999-\x1b[2J", "id": "1\x07", "date": "2025-01-01T00:00:00Z", "tag": ["tender"]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"releases": [release], "uri": "x", "publishedDate": "2025-01-01T00:00:00Z",
                                "version": "1.1", "publisher": {"name": "x"}}))  # fmt: skip
    result = run_cli("validate", str(path))
    assert result.returncode == 1 and result.stdout
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    assert _printable("ocid \x1b[2J\x07 ok\n\tnext") == "ocid \\x1b[2J\\x07 ok\n\tnext"
