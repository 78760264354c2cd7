"""Finding codes: severity, title and message in English and Bahasa Indonesia.

Every code a validator can emit is registered in :data:`CODES`; a test enforces that each one has a
title and a message in both languages. Messages are :meth:`str.format` templates filled from the
finding's ``params``; a missing parameter shows as ``?`` rather than failing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ocds_regency._words import count_of

__all__ = ["CODES", "LANGS", "REASONS", "CodeInfo", "message_for", "severity_of", "title_for"]

LANGS: tuple[Literal["en", "id"], ...] = ("en", "id")


@dataclass(frozen=True)
class CodeInfo:
    """What a finding code means.

    Attributes:
        severity: ``"error"``, ``"warning"`` or ``"information"``.
        title: short name of the problem per language.
        message: message template per language.
    """

    severity: Literal["error", "warning", "information"]
    title: Mapping[str, str]
    message: Mapping[str, str]


def _c(severity: Literal["error", "warning", "information"], en: tuple[str, str], id_: tuple[str, str]) -> CodeInfo:
    return CodeInfo(severity, {"en": en[0], "id": id_[0]}, {"en": en[1], "id": id_[1]})


#: Every finding code, by family: ``schema.*`` (JSON Schema), ``codelist.*``, ``ocds.*`` (OCDS rules the
#: schema can't express), ``quality.*`` (data-quality checks on compiled releases), ``id.*`` (Indonesian rules).
CODES: dict[str, CodeInfo] = {
    # --- JSON Schema -----------------------------------------------------------------------------------
    "schema.required": _c(
        "error",
        ("Required field missing", "'{field}' is missing but required"),
        ("Field wajib tidak ada", "'{field}' wajib ada tetapi tidak ditemukan"),
    ),
    "schema.type": _c(
        "error",
        ("Wrong type", "Expected {expected}"),
        ("Tipe salah", "Seharusnya {expected}"),
    ),
    "schema.number": _c(
        "error",
        ("Not a number", "Expected a JSON {expected}: no quotes, no thousands separators, '.' for decimals"),
        ("Bukan angka", "Seharusnya {expected} JSON: tanpa tanda kutip, tanpa pemisah ribuan, '.' untuk desimal"),
    ),
    "schema.date_time": _c(
        "error",
        ("Invalid date-time", "Not an RFC 3339 date-time with a time zone, e.g. 2024-05-01T08:00:00+07:00"),
        ("Tanggal-waktu tidak sah", "Bukan date-time RFC 3339 dengan zona waktu, mis. 2024-05-01T08:00:00+07:00"),
    ),
    "schema.uri": _c(
        "error",
        ("Invalid URI", "Not an absolute URI (scheme such as https:, no spaces; encode non-ASCII characters)"),
        ("URI tidak sah", "Bukan URI absolut (dengan skema seperti https:, tanpa spasi; karakter non-ASCII di-encode)"),
    ),
    "schema.format": _c(
        "error",
        ("Invalid format", "Not a valid {format}"),
        ("Format tidak sah", "Bukan {format} yang sah"),
    ),
    "schema.enum": _c(
        "error",
        ("Value not allowed", "Not one of the allowed values: {allowed}"),
        ("Nilai tidak diizinkan", "Bukan salah satu nilai yang diizinkan: {allowed}"),
    ),
    "schema.pattern": _c(
        "error",
        ("Pattern mismatch", "Does not match the pattern {pattern}"),
        ("Tidak sesuai pola", "Tidak sesuai dengan pola {pattern}"),
    ),
    "schema.min_length": _c(
        "error",
        ("Too short", "Must have at least {limit} character(s)"),
        ("Terlalu pendek", "Minimal {limit} karakter"),
    ),
    "schema.min_items": _c(
        "error",
        ("Too few items", "Must have at least {limit} item(s)"),
        ("Item terlalu sedikit", "Minimal {limit} item"),
    ),
    "schema.minimum": _c(
        "error",
        ("Too small", "Must be at least {limit}"),
        ("Terlalu kecil", "Minimal {limit}"),
    ),
    "schema.other": _c(
        "error",
        ("Schema violation", "Does not satisfy the schema: {detail}"),
        ("Melanggar skema", "Tidak memenuhi skema: {detail}"),
    ),
    "schema.unique_ids": _c(
        "error",
        ("Duplicate id", "Id '{id}' is used by more than one object in this array; ids must be unique"),
        ("Id ganda", "Id '{id}' dipakai lebih dari satu objek dalam array ini; id harus unik"),
    ),
    "schema.unique_items": _c(
        "error",
        ("Duplicate item", "This value appears more than once in an array whose items must be unique"),
        ("Item ganda", "Nilai ini muncul lebih dari sekali dalam array yang itemnya harus unik"),
    ),
    "schema.unique_release": _c(
        "error",
        ("Duplicate release", "Another release in the package has the same ocid and id ({ocid}, {id})"),
        ("Rilis ganda", "Rilis lain dalam paket memiliki ocid dan id yang sama ({ocid}, {id})"),
    ),
    "schema.unique_record": _c(
        "error",
        ("Duplicate record", "Another record in the package has the same ocid {ocid}"),
        ("Rekaman ganda", "Rekaman lain dalam paket memiliki ocid yang sama {ocid}"),
    ),
    "schema.releases_mixed": _c(
        "error",
        ("Linked and embedded releases mixed", "A record's releases must be all linked (url, date) or all embedded"),
        (
            "Rilis tertaut dan tertanam tercampur",
            "Rilis dalam rekaman harus semuanya tertaut (url, date) atau semuanya tertanam",
        ),
    ),
    # --- codelists -------------------------------------------------------------------------------------
    "codelist.closed": _c(
        "error",
        ("Code not in closed codelist", "'{found}' is not a code of the closed codelist {codelist}"),
        ("Kode di luar daftar kode tertutup", "'{found}' bukan kode dalam daftar kode tertutup {codelist}"),
    ),
    "codelist.open": _c(
        "information",
        (
            "Code not in open codelist",
            "'{found}' is not in the open codelist {codelist}; use a listed code if one fits",
        ),
        (
            "Kode di luar daftar kode terbuka",
            "'{found}' tidak ada dalam daftar kode terbuka {codelist}; pakai kode yang tersedia bila sesuai",
        ),
    ),
    # --- OCDS rules beyond JSON Schema ------------------------------------------------------------------
    "ocds.language_variant": _c(
        "error",
        ("Language variant not a string", "Language variant '{field}' must be a string"),
        ("Varian bahasa bukan teks", "Varian bahasa '{field}' harus berupa teks (string)"),
    ),
    "schema.external": _c(
        "error",
        ("Schema violation", "{message} (schema {schema}, engine {engine})"),
        ("Melanggar skema", "{message} (skema {schema}, mesin {engine})"),
    ),
    "ocds.upgraded": _c(
        "information",
        (
            "Upgraded from OCDS 1.0",
            "The package declares OCDS {version}: its contents were upgraded to 1.1 with ocdskit and validated as "
            "1.1 (organisations moved to parties); paths refer to the upgraded data",
        ),
        (
            "Ditingkatkan dari OCDS 1.0",
            "Paket menyatakan OCDS {version}: isinya ditingkatkan ke 1.1 dengan ocdskit lalu divalidasi sebagai 1.1 "
            "(organisasi dipindah ke parties); path merujuk ke data yang sudah ditingkatkan",
        ),
    ),
    "ocds.deprecated": _c(
        "warning",
        ("Deprecated field", "'{field}' is deprecated since OCDS {version}"),
        ("Field usang", "'{field}' sudah usang sejak OCDS {version}"),
    ),
    "ocds.additional_field": _c(
        "warning",
        ("Additional field", "'{field}' is not defined by the schema or the applied extensions"),
        ("Field tambahan", "'{field}' tidak didefinisikan oleh skema maupun ekstensi yang dipakai"),
    ),
    "ocds.missing_id": _c(
        "warning",
        ("Object without id", "This object in '{array}' has no id, so it can't be matched when merging releases"),
        (
            "Objek tanpa id",
            "Objek dalam '{array}' ini tidak memiliki id, sehingga tidak bisa dicocokkan saat penggabungan rilis",
        ),
    ),
    "ocds.duplicate_id": _c(
        "warning",
        ("Duplicate id (merge)", "Id '{id}' appears more than once in '{array}'; merging keeps only the last object"),
        (
            "Id ganda (penggabungan)",
            "Id '{id}' muncul lebih dari sekali dalam '{array}'; penggabungan hanya menyimpan objek terakhir",
        ),
    ),
    "ocds.identifier_without_scheme": _c(
        "warning",
        (
            "Identifier without scheme",
            "This identifier has an id but no scheme, so nobody can tell which register the id belongs to",
        ),
        (
            "Identifier tanpa skema",
            "Identifier ini memiliki id tetapi tanpa scheme, sehingga tidak diketahui id tersebut dari register mana",
        ),
    ),
    "ocds.empty_value": _c(
        "warning",
        ("Empty value", "Empty or blank value; omit the field instead"),
        ("Nilai kosong", "Nilai kosong atau hanya spasi; hilangkan field-nya saja"),
    ),
    "ocds.ocid_prefix": _c(
        "error",
        (
            "Bad ocid prefix",
            "The ocid must start with a prefix of the form ocds-xxxxxx- (6 lowercase letters or digits)",
        ),
        ("Prefiks ocid salah", "Ocid harus diawali prefiks berbentuk ocds-xxxxxx- (6 huruf kecil atau angka)"),
    ),
    "ocds.ocid_prefix_mismatch": _c(
        "error",
        ("Unexpected ocid prefix", "The ocid does not start with the expected prefix {expected}"),
        ("Prefiks ocid tidak sesuai", "Ocid tidak diawali prefiks yang diharapkan {expected}"),
    ),
    "ocds.record_release_ocid": _c(
        "error",
        ("Release ocid differs from record", "This release's ocid differs from its record's ocid {expected}"),
        ("Ocid rilis berbeda dari rekaman", "Ocid rilis ini berbeda dari ocid rekamannya {expected}"),
    ),
    "ocds.extension_unresolved": _c(
        "warning",
        (
            "Extension not resolved",
            "Extension {extension} is not bundled and was not given as a directory; it is ignored (never downloaded)",
        ),
        (
            "Ekstensi tidak ditemukan",
            "Ekstensi {extension} tidak dibundel dan tidak diberikan sebagai direktori; diabaikan (tak pernah diunduh)",
        ),
    ),
    # --- data quality on compiled releases --------------------------------------------------------------
    "quality.period_order": _c(
        "warning",
        ("Period ends before it starts", "startDate {start} is after endDate {end}"),
        ("Periode berakhir sebelum dimulai", "startDate {start} lebih lambat dari endDate {end}"),
    ),
    "quality.date_order": _c(
        "warning",
        ("Dates out of order", "{later} ({later_date}) should not be before {earlier} ({earlier_date})"),
        ("Urutan tanggal salah", "{later} ({later_date}) seharusnya tidak sebelum {earlier} ({earlier_date})"),
    ),
    "quality.date_after_release": _c(
        "warning",
        ("Date after the release", "This date is later than the release date {release_date}"),
        ("Tanggal setelah rilis", "Tanggal ini lebih lambat dari tanggal rilis {release_date}"),
    ),
    "quality.tender_status": _c(
        "warning",
        ("Awards under an unawarded tender", "There are awards or contracts but the tender status is '{status}'"),
        ("Pemenang pada tender belum selesai", "Ada pemenang atau kontrak padahal status tender '{status}'"),
    ),
    "quality.award_status": _c(
        "warning",
        ("Contract on an inactive award", "A contract refers to an award whose status is '{status}'"),
        ("Kontrak pada pemenang tidak aktif", "Kontrak merujuk pada pemenang berstatus '{status}'"),
    ),
    "quality.contract_status": _c(
        "warning",
        ("Payments on an inactive contract", "Transactions are recorded on a contract whose status is '{status}'"),
        ("Pembayaran pada kontrak tidak aktif", "Ada transaksi pada kontrak berstatus '{status}'"),
    ),
    "quality.milestone_status": _c(
        "warning",
        ("Milestone met date without met status", "The milestone has a dateMet but its status is '{status}'"),
        ("Tanggal tercapai tanpa status tercapai", "Tahapan memiliki dateMet tetapi statusnya '{status}'"),
    ),
    "quality.number_of_tenderers": _c(
        "warning",
        (
            "numberOfTenderers differs from tenderers",
            "numberOfTenderers is {declared} but the tenderers list has {actual} tenderer(s)",
        ),
        (
            "numberOfTenderers berbeda dari daftar peserta",
            "numberOfTenderers {declared} tetapi ada {actual} peserta yang tercantum",
        ),
    ),
    "quality.party_reference": _c(
        "warning",
        ("Reference doesn't match one party", "The {role} reference doesn't match exactly one party: {reason}"),
        ("Rujukan tidak cocok dengan satu pihak", "Rujukan {role} tidak cocok dengan tepat satu pihak: {reason}"),
    ),
    "quality.party_role": _c(
        "warning",
        ("Party lacks the role", "The referenced party does not have the role '{role}'"),
        ("Pihak tidak memiliki peran", "Pihak yang dirujuk tidak memiliki peran '{role}'"),
    ),
    "quality.party_name": _c(
        "warning",
        ("Reference name differs from party", "The reference name differs from the party's name '{party_name}'"),
        ("Nama rujukan berbeda dari pihak", "Nama pada rujukan berbeda dari nama pihak '{party_name}'"),
    ),
    "quality.contract_award": _c(
        "warning",
        ("awardID doesn't match one award", "awardID doesn't match exactly one award: {reason}"),
        ("awardID tidak cocok dengan satu pemenang", "awardID tidak cocok dengan tepat satu pemenang: {reason}"),
    ),
    "quality.contract_value": _c(
        "warning",
        ("Contract value far from award value", "Contracts total {ratio} of the award value (expected {low}–{high})"),
        (
            "Nilai kontrak jauh dari nilai pemenang",
            "Total kontrak {ratio} dari nilai pemenang (seharusnya {low}–{high})",
        ),
    ),
    "quality.tender_budget": _c(
        "warning",
        ("Budget far from tender value", "The budget is {ratio} of the tender value (expected {low}–{high})"),
        ("Anggaran jauh dari nilai tender", "Anggaran {ratio} dari nilai tender (seharusnya {low}–{high})"),
    ),
    "quality.transactions_value": _c(
        "warning",
        ("Payments exceed the contract", "Transactions total {total}, more than the contract value {contract}"),
        ("Pembayaran melebihi kontrak", "Total transaksi {total} melebihi nilai kontrak {contract}"),
    ),
    "quality.duration": _c(
        "warning",
        ("durationInDays inconsistent", "durationInDays is {declared} but the period spans {actual} day(s)"),
        ("durationInDays tidak konsisten", "durationInDays {declared} tetapi periode mencakup {actual} hari"),
    ),
    "quality.amendment_date": _c(
        "warning",
        ("Amendment before what it amends", "{later} ({later_date}) should not be before {earlier} ({earlier_date})"),
        (
            "Amandemen sebelum yang diubahnya",
            "{later} ({later_date}) seharusnya tidak sebelum {earlier} ({earlier_date})",
        ),
    ),
    "quality.procurement_method_tenderers": _c(
        "warning",
        (
            "Direct procurement with several tenderers",
            "procurementMethod is 'direct' but numberOfTenderers is {declared} (at most 1 expected)",
        ),
        (
            "Penunjukan langsung dengan beberapa peserta",
            "procurementMethod 'direct' tetapi numberOfTenderers {declared} (seharusnya paling banyak 1)",
        ),
    ),
    "quality.party_unnamed": _c(
        "warning",
        ("Party without a name", "This party has no name, so readers can't tell who it is"),
        ("Pihak tanpa nama", "Pihak ini tidak memiliki nama, sehingga pembaca tidak tahu siapa pihak tersebut"),
    ),
    "quality.party_role_unreferenced": _c(
        "warning",
        (
            "Party role not referenced",
            "This party has the role '{role}' but {field} doesn't refer to it",
        ),
        (
            "Peran pihak tidak dirujuk",
            "Pihak ini memiliki peran '{role}' tetapi {field} tidak merujuk kepadanya",
        ),
    ),
    "quality.supplier_split": _c(
        "warning",
        (
            "One supplier split into several parties",
            "This supplier looks like party {other} ({reason}); one supplier published as several parties "
            "gets several awards, and its money may be counted twice",
        ),
        (
            "Satu penyedia terpecah menjadi beberapa pihak",
            "Penyedia ini tampaknya sama dengan pihak {other} ({reason}); satu penyedia yang diterbitkan sebagai "
            "beberapa pihak mendapat beberapa pemenang, dan nilainya bisa terhitung dua kali",
        ),
    ),
    "quality.value_realistic": _c(
        "warning",
        (
            "Unrealistic amount",
            "{amount} {currency} is about {usd} US dollars, beyond ± {limit}: a typo or a wrong unit?",
        ),
        (
            "Nilai tidak wajar",
            "{amount} {currency} kira-kira {usd} dolar AS, melampaui ± {limit}: salah ketik atau salah satuan?",
        ),
    ),
    "quality.duplicate_transaction": _c(
        "warning",
        (
            "Payment recorded twice",
            "This transaction repeats transaction {other} of the same contract (amount {amount}, {reason}); "
            "the payment may be counted twice",
        ),
        (
            "Pembayaran tercatat dua kali",
            "Transaksi ini mengulang transaksi {other} pada kontrak yang sama (nilai {amount}, {reason}); "
            "pembayaran bisa terhitung dua kali",
        ),
    ),
    "quality.date_after_published": _c(
        "warning",
        (
            "Release dated after publication",
            "The release date {date} is later than the package's publishedDate {published}",
        ),
        (
            "Rilis bertanggal setelah publikasi",
            "Tanggal rilis {date} lebih lambat dari publishedDate paket {published}",
        ),
    ),
    "quality.supplier_ids": _c(
        "warning",
        (
            "One supplier under several party ids",
            "This supplier is party {other} in {other_ocid} ({reason}); under two ids, totals per party split "
            "its awards",
        ),
        (
            "Satu penyedia dengan beberapa id pihak",
            "Penyedia ini adalah pihak {other} pada {other_ocid} ({reason}); dengan dua id, total per pihak "
            "memecah nilai pemenangnya",
        ),
    ),
    "quality.related_process": _c(
        "information",
        (
            "Related process not in the publication",
            "The related process {identifier} (scheme ocid) is not in this publication",
        ),
        (
            "Proses terkait tidak ada dalam publikasi",
            "Proses terkait {identifier} (skema ocid) tidak ada dalam publikasi ini",
        ),
    ),
    # --- Indonesian rules ------------------------------------------------------------------------------
    "id.hps_over_pagu": _c(
        "warning",
        ("HPS above pagu", "The tender value (HPS) {hps} exceeds the budget amount (pagu) {pagu}"),
        ("HPS melebihi pagu", "Nilai tender (HPS) {hps} melebihi pagu anggaran {pagu}"),
    ),
    "id.contract_over_hps": _c(
        "warning",
        (
            "Contract above HPS",
            "The contract value {contract} exceeds the HPS {hps} and no amendment rationale explains it",
        ),
        ("Kontrak melebihi HPS", "Nilai kontrak {contract} melebihi HPS {hps} tanpa alasan amandemen yang tercatat"),
    ),
    "id.currency": _c(
        "warning",
        ("Currency not IDR", "Currency is {currency}; Indonesian procurement values are expected in {expected}"),
        ("Mata uang bukan IDR", "Mata uang {currency}; nilai pengadaan Indonesia seharusnya dalam {expected}"),
    ),
    "id.npwp": _c(
        "warning",
        ("Invalid NPWP", "NPWP (scheme ID-DJP) is not valid: {reason}"),
        ("NPWP tidak sah", "NPWP (skema ID-DJP) tidak sah: {reason}"),
    ),
}

#: Reasons used as the ``reason`` parameter, translated when a message is rendered.
REASONS: dict[str, dict[str, str]] = {
    "no_id": {"en": "the reference has no id", "id": "rujukan tidak memiliki id"},
    "no_parties": {"en": "no party has an id", "id": "tidak ada pihak yang memiliki id"},
    "type_mismatch": {
        "en": 'id values are not the same type (e.g. 1 and "1")',
        "id": 'tipe nilai id berbeda (mis. 1 dan "1")',
    },
    "no_match": {"en": "no party has this id", "id": "tidak ada pihak dengan id ini"},
    "multiple": {"en": "several parties have this id", "id": "beberapa pihak memiliki id ini"},
    "no_award": {"en": "no award has this id", "id": "tidak ada pemenang dengan id ini"},
    "multiple_awards": {"en": "several awards have this id", "id": "beberapa pemenang memiliki id ini"},
    "no_award_id": {"en": "the contract has no awardID", "id": "kontrak tidak memiliki awardID"},
    "npwp_length": {
        "en": "it must have 16 digits (15-digit NPWPs get a leading 0)",
        "id": "harus 16 digit (NPWP 15 digit diberi awalan 0)",
    },
    "same_npwp": {"en": "same NPWP", "id": "NPWP sama"},
    "same_identifier": {"en": "same identifier", "id": "identifier sama"},
    "same_name": {
        "en": "same name apart from legal form and punctuation",
        "id": "nama sama selain bentuk usaha dan tanda baca",
    },
    "same_day_payee": {"en": "same date and payee", "id": "tanggal dan penerima sama"},
    "same_number": {"en": "same payment number", "id": "nomor pembayaran sama"},
    "npwp_check_digit": {"en": "the check digit is wrong", "id": "digit pemeriksa salah"},
    "npwp_nik": {
        "en": "it is neither an NPWP-16 (leading 0 or 10) nor a well-formed NIK",
        "id": "bukan NPWP-16 (awalan 0 atau 10) maupun NIK yang berbentuk benar",
    },
}


class _Params(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def severity_of(code: str) -> Literal["error", "warning", "information"]:
    """The severity registered for ``code``.

    Raises:
        KeyError: unknown code.
    """
    return CODES[code].severity


def title_for(code: str, lang: str = "en") -> str:
    """The short title of ``code`` in ``lang`` (English if the language is unknown)."""
    info = CODES[code]
    return info.title.get(lang, info.title["en"])


#: Message parameters that are amounts of money (written exactly, as Rupiah: ``Rp 990.000.000`` in id).
AMOUNT_PARAMS = frozenset({"hps", "pagu", "contract", "total"})


def _amount(value: object, lang: str, currency: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    from ocds_regency.reporting.texts import format_idr

    text = format_idr(value, "id" if lang == "id" else "en")
    if isinstance(currency, str) and currency and currency != "IDR":
        text = f"{currency} {text.split(' ', 1)[1]}"
    return text


def message_for(code: str, lang: str = "en", params: Mapping[str, object] | None = None) -> str:
    """The message of ``code`` in ``lang``, filled with ``params`` (amounts written exactly, as Rupiah)."""
    info = CODES[code]
    template = info.message.get(lang, info.message["en"])
    values = _Params(params or {})
    for key in AMOUNT_PARAMS & values.keys():
        values[key] = _amount(values[key], lang, values.get("currency"))
    reason = values.get("reason")
    if isinstance(reason, str) and reason in REASONS:
        values["reason"] = REASONS[reason].get(lang, REASONS[reason]["en"])
    text = template.format_map(values)
    # "1 day(s)" -> "1 day", "3 day(s)" -> "3 days"
    return _COUNTED.sub(lambda m: count_of(int(m.group(1)), m.group(2)), text)


#: A count followed by a word with an optional plural: ``3 day(s)``.
_COUNTED = re.compile(r"\b(\d+) (\w+)\(s\)")
