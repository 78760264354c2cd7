"""Every finding code has a severity, a title and a message in English and Bahasa Indonesia."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ocds_regency.validate import CHECKS
from ocds_regency.validate.findings import SEVERITIES, Finding, make_finding
from ocds_regency.validate.messages import CODES, LANGS, REASONS, message_for

SRC = Path(__file__).resolve().parents[2] / "src" / "ocds_regency" / "validate"


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_has_both_languages(code: str) -> None:
    info = CODES[code]
    assert info.severity in SEVERITIES
    for lang in LANGS:
        assert info.title[lang].strip()
        assert info.message[lang].strip()
    assert info.message["en"] != info.message["id"], "the Indonesian message must be a translation"
    en_fields = {f for _, f, _, _ in string.Formatter().parse(info.message["en"]) if f}
    id_fields = {f for _, f, _, _ in string.Formatter().parse(info.message["id"]) if f}
    assert en_fields == id_fields, "both languages use the same parameters"


def test_reasons_have_both_languages() -> None:
    for reason, texts in REASONS.items():
        assert set(texts) == set(LANGS), reason
        assert texts["en"] != texts["id"]


def test_every_code_used_in_the_source_is_registered() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r'"((?:schema|codelist|ocds|quality|id)\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used, "the scan must find codes"
    assert used - set(CODES) == set()
    assert set(CHECKS) <= set(CODES)


def test_message_is_filled_and_reason_translated() -> None:
    finding = make_finding("quality.party_reference", "/buyer/id", "X", role="buyer", reason="no_match")
    assert finding.message("en") == "The buyer reference doesn't match exactly one party: no party has this id"
    assert finding.message("id") == "Rujukan buyer tidak cocok dengan tepat satu pihak: tidak ada pihak dengan id ini"


def test_missing_parameter_shows_question_mark() -> None:
    assert message_for("schema.required", "en", {}) == "'?' is missing but required"


def test_long_values_are_truncated() -> None:
    finding = make_finding("ocds.empty_value", "/x", "a" * 500)
    assert isinstance(finding.value, str)
    assert len(finding.value) == 80
    assert finding.value.endswith("…")
    nested = make_finding("ocds.additional_field", "/x", {"k": list(range(100))})
    assert isinstance(nested.value, str)
    assert len(nested.value) <= 80


def test_finding_dict_shape() -> None:
    finding = Finding("schema.required", "error", "/releases/0/id", None, 0, "ocds-abc123-1", {"field": "id"})
    data = finding.to_dict("id")
    assert data == {
        "code": "schema.required",
        "severity": "error",
        "path": "/releases/0/id",
        "value": None,
        "message": "'id' wajib ada tetapi tidak ditemukan",
        "index": 0,
        "ocid": "ocds-abc123-1",
        "params": {"field": "id"},
    }
