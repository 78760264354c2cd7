"""Parsers for the values found in Indonesian procurement data (SiRUP, SPSE, e-Katalog).

Every parser takes whatever a reader produced (a string from CSV, a number or string from JSON, a
``datetime`` from XLSX) and returns a clean Python value, ``None`` for a missing value, or raises
:class:`~ocds_regency.errors.ParseError` with ``kind`` and ``value`` set. No parser guesses: a form that
could mean two different things is an error.

Missing values
    ``None``, ``""``, whitespace, ``"None"``, ``"null"``, ``"NULL"``, ``"nil"``, ``"-"``, ``"--"``,
    ``"N/A"`` (any case) are missing (:func:`is_missing`).

Rupiah (:func:`parse_rupiah`, :func:`format_rupiah`)
    Exact :class:`~decimal.Decimal` from ints, floats (``999995334.78`` keeps its sen), Decimals, and the
    text forms ``"Rp 1.250.000.000,00"``, ``"Rp. 3.800.000,00"``, ``"Rp5.720.670.658,50"``,
    ``"Rp 1.000.000,-"``, ``"1250000000"``, ``"999995334.78"``, ``"1,250,000,000.00"`` and the abbreviated
    list values ``"3,8 Jt"``, ``"500 Jt"``, ``"1,2 M"`` (miliar), ``"2 T"`` (triliun), ``"750 Rb"``.
    Rules: two or more groups separated by the same mark are thousands groups (``"1.234.567"`` is
    1234567 — no locale writes a decimal number with two decimal marks); one mark followed by exactly
    three digits (``"1.234"``, ``"1,234"``) is ambiguous unless the text carries ``Rp`` (Indonesian
    style: the dot groups thousands), so it is an error; more than two decimal places (sen) is an error;
    an abbreviated value with a dot decimal (``"1.2 M"``) is an error because ``M`` may then be the
    English *million*; ``"Rp -"`` is missing; negative amounts are errors unless ``allow_negative``.

Dates and times (:func:`parse_datetime`, :func:`parse_date`, :func:`parse_local_datetime`)
    ISO (``2025-01-22 12:31:28``, ``2025-03-11T00:00:00.000000Z``, ``2025/01/22``), day-first numeric (``29-05-2026``,
    ``05/06/2025`` is 5 June), Indonesian and English month names and abbreviations (``15 Januari 2025``,
    ``3 Agt 2025``, ``1 Mei 2025``, ``12 Okt 2025``), an optional weekday prefix (``Selasa, ...``, not
    checked against the date), times with ``:`` or ``.`` and optional ``AM``/``PM``, zone labels
    ``WIB`` (+07:00), ``WITA`` (+08:00), ``WIT`` (+09:00), ``UTC``/``GMT``, numeric offsets, and the US
    style ``Jul 3, 2025, 12:00:00AM``. The trailing ``Z`` of LKPP exports is false (the times are local),
    so it is ignored unless ``z_is_utc=True``. Labelled times are converted to the regency's offset so that
    every output sorts correctly as a string. Date-only input stays date-only (``"2025-10-02"``) unless a
    time of day is asked for with ``date_only="start"`` or ``"end"``. Years outside 1990–2100 (including
    the ``1970-01-01`` and ``0000-00-00`` placeholders) are errors. Values in none of these forms (free-form
    dates of CSV/XLSX exports: ``14 Januari 2025 jam 10.00 WIB``, ``tanggal 3 Agustus 2025``,
    ``20250114``...) are read by python-dateutil with :class:`IndonesianParserInfo` (Indonesian and English
    month and day names, ``WIB``/``WITA``/``WIT``, day first); it may not guess: a value missing its day,
    month or year, or with a two-digit year, is an error, and the rules above still hold for their forms.

Calendar arithmetic (:func:`add_duration`)
    A :class:`Duration` (or a ``relativedelta``) added to a date with python-dateutil: ``2025-08-31``
    plus 6 months is ``2026-02-28``. Working days have no calendar length and are refused.

NPWP and NIK (:func:`normalise_npwp`, :func:`is_nik`, :func:`npwp_kind`)
    15-digit NPWPs (punctuated or not, with the wrong ``-`` separator too) become the 16-digit form
    ``"0" + 15 digits`` after the Luhn check of the first nine digits (python-stdnum's); 16-digit values
    starting with ``0`` are checked the same way; other 16-digit values must look like a NIK (an
    individual's national id, personal data). Masked (``10*1**1****35**2``), short, long or all-zero
    values are errors or missing.

Codes and lists
    :func:`parse_code` keeps identifiers as strings (``10002513000``, ``"10002513000.0"`` from a
    spreadsheet); :func:`normalise_satker_str` cleans ``"1. 20. 03"``; :func:`split_list` splits
    ``"60832782;45828523"`` or ``"APBD,APBDP"``; :func:`split_nip_nama` splits ``"NIP - NAMA"``.

Text
    :func:`clean_text` trims and collapses spaces; :func:`html_to_text` turns HTML descriptions into
    plain text; :func:`parse_bool` reads ``True``/``False``/``Ya``/``Tidak``/``1``/``0``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import re
import urllib.parse
import warnings
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Any, Literal, NamedTuple, Protocol, TypeVar, cast

from babel.numbers import format_decimal
from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta
from stdnum import luhn

from ocds_regency.errors import ParseError
from ocds_regency.i18n import Message

__all__ = [
    "WIB",
    "WIT",
    "WITA",
    "Duration",
    "IndonesianParserInfo",
    "LocalDateTime",
    "add_duration",
    "clean_text",
    "format_rupiah",
    "html_to_text",
    "is_missing",
    "is_nik",
    "normalise_npwp",
    "normalise_satker_str",
    "npwp16_problem",
    "npwp_kind",
    "parse_bool",
    "parse_code",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "parse_int",
    "parse_letter_number",
    "parse_local_datetime",
    "parse_number",
    "parse_offset",
    "parse_rupiah",
    "split_list",
    "split_nip_nama",
]

#: Western Indonesia Time (Java, Sumatra, West and Central Kalimantan): UTC+07:00, the default.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
#: Central Indonesia Time (Bali, Nusa Tenggara, Sulawesi, South/East/North Kalimantan): UTC+08:00.
WITA = dt.timezone(dt.timedelta(hours=8), "WITA")
#: Eastern Indonesia Time (Maluku, Papua): UTC+09:00.
WIT = dt.timezone(dt.timedelta(hours=9), "WIT")

_ZONES: dict[str, dt.timezone] = {
    "WIB": WIB,
    "WITA": WITA,
    "WIT": WIT,
    "UTC": dt.UTC,
    "GMT": dt.UTC,
}

_MISSING = frozenset({"", "none", "null", "nil", "-", "--", "n/a", "nan"})

# --------------------------------------------------------------------------------------------- missing


#: Most digits of an integer or identifier (a 64-bit integer has 20; Python refuses to convert 4,300).
MAX_DIGITS = 64


def describe(value: object, limit: int = 80) -> str:
    """A short, printable description of any value, for messages (never fails, never long).

    Integers too long for ``str`` (over 4,300 digits) are described by their size; long text is cut.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<an integer of about {int(value.bit_length() * 0.30103) + 1} digits>"
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails: describe its type only
        return f"<a {type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_text(value: object) -> str:
    """``str(value)``, except for an integer too long to convert (then :func:`describe`)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return describe(value)
    return str(value)


def _error(code: str, value: object, kind: str, *, shown: str | None = None, **params: object) -> ParseError:
    """A :class:`ParseError` with the catalog message ``parse.<code>`` (see ``i18n/parse.toml``), whose
    ``{value}`` is the value as :func:`describe` shows it (or ``shown``)."""
    message = Message(f"parse.{code}", value=describe(value) if shown is None else shown, **params)
    return ParseError(message, value=value, kind=kind)


def _check_digits(text: str, value: object, kind: str) -> None:
    digits = len(text.lstrip("+-"))
    if digits > MAX_DIGITS:
        raise _error("integer-too-many-digits", value, kind, digits=digits)


def is_missing(value: object) -> bool:
    """Whether a raw value stands for "no value".

    Args:
        value: any raw value.

    Returns:
        ``True`` for ``None``, blank strings and the null spellings of Indonesian exports
        (``"None"``, ``"null"``, ``"-"``, ``"N/A"``, ...), else ``False``.
    """
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in _MISSING
    return False


# ---------------------------------------------------------------------------------------------- text

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_ALL_WS = re.compile(r"\s+")
# Zero-width space, non-joiner, joiner, word joiner, soft hyphen, and a BOM inside the text: invisible, but
# they make "PT X" and "\u200bPT X" two different names.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")


#: C0 and C1 control characters other than tab and line breaks, and DEL: never published (an ESC starts
#: a terminal escape sequence, a NUL cuts strings short in C programs).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab, CR and LF are kept)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def clean_text(value: object, *, multiline: bool = False) -> str | None:
    """Trim a text value, drop zero-width characters and collapse runs of spaces.

    Args:
        value: the raw value; numbers are converted with ``str``.
        multiline: keep line breaks (normalised to ``\\n``, blank lines collapsed); else every run of
            whitespace, line breaks included, becomes one space.

    Returns:
        The cleaned text, or ``None`` if the value is missing.
    """
    if value is None:
        return None
    text = strip_controls(value if isinstance(value, str) else as_text(value))
    if _INVISIBLE.search(text):  # zero-width characters pasted from web pages and word processors
        text = _INVISIBLE.sub("", text)
    if not multiline:
        cleaned = " ".join(text.split())
        if not cleaned or (len(cleaned) <= 4 and cleaned.lower() in _MISSING):
            return None
        return text if cleaned == text else cleaned  # the same object when clean: kept once in memory
    if is_missing(text):
        return None
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) or None


_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}
)
_LOOKS_HTML = re.compile(r"<[A-Za-z/!]|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


class _HtmlText(HTMLParser):
    """The text of an HTML fragment (stdlib parser): block elements become line breaks, items ``"- "``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(value: object) -> str | None:
    """Turn an HTML fragment (SPSE ``lingkup_pekerjaan``, ``uraian_pekerjaan``) into plain text.

    Read with the standard library's HTML parser: tags are removed (scripts, styles and comments with
    their content), block elements and ``<br>`` become line breaks, list items start with ``"- "``,
    entities are decoded, spaces are collapsed and blank lines dropped. Text without markup is only
    cleaned.

    Args:
        value: the raw value.

    Returns:
        The text, or ``None`` if nothing is left.
    """
    if is_missing(value):
        return None
    text = value if isinstance(value, str) else as_text(value)
    if _LOOKS_HTML.search(text):
        parser = _HtmlText()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    lines = (" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return strip_controls("\n".join(line for line in lines if line)) or None


_TRUE = frozenset({"true", "t", "1", "ya", "y", "yes", "ada"})
_FALSE = frozenset({"false", "f", "0", "tidak", "n", "no", "tidak ada"})


_URL_START = re.compile(r"(?i)[a-z][a-z0-9+.-]*://|www\.")


def parse_url(value: object) -> str | None:
    """Read a web address (``url_lpse``, a document link) as an absolute ``http(s)`` URI.

    An IRI is turned into a URI (an internationalised host to IDNA, other non-ASCII characters and inner
    spaces percent-encoded); that is the only repair, because it is unambiguous.

    Raises:
        ParseError: for any other scheme (``javascript:``, ``data:``, ``ftp:``...), an address without a
            scheme or host (relative, or ``lpse.example.go.id`` alone: http or https?), two addresses in one
            cell, or control characters.
    """
    if is_missing(value):
        return None
    if not isinstance(value, str):
        raise _error("url-not-text", value, "url")
    text = value.strip()
    if _CONTROL.search(text.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
        raise _error("url-control-characters", value, "url")
    pieces = text.split()
    if sum(1 for piece in pieces if _URL_START.match(piece)) > 1:
        raise _error("url-two", value, "url")
    if len(pieces) > 1 and any(c in text for c in "\r\n"):
        raise _error("url-broken", value, "url")
    text = "%20".join(pieces)
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme:
            raise _error("url-no-scheme", value, "url")
        raise _error("url-scheme", value, "url", scheme=parts.scheme)
    if not parts.hostname:
        raise _error("url-no-host", value, "url")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise _error("url-bad-host", value, "url") from None
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if parts.username or parts.password:
        raise _error("url-credentials", value, "url")
    safe = "/:@!$&'()*+,;=-._~%"
    return urllib.parse.urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            urllib.parse.quote(parts.path, safe=safe),
            urllib.parse.quote(parts.query, safe=safe + "?"),
            urllib.parse.quote(parts.fragment, safe=safe + "?#"),
        )
    )


def parse_bool(value: object) -> bool | None:
    """Read a boolean: JSON booleans, ``0``/``1``, ``"True"``/``"False"``, ``"Ya"``/``"Tidak"``.

    Raises:
        ParseError: for any other value.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise _error("not-a-boolean", value, "bool")


# --------------------------------------------------------------------------------------------- codes


_INTEGRAL_TEXT = re.compile(r"\d+\.0+")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
# One to three digits, one mark, exactly three digits: "1.000" is a thousand in Indonesian writing.
_GROUP_LIKE = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")


def _ambiguous_group(text: str, value: object, kind: str) -> ParseError:
    return _error("ambiguous-number", value, kind)


_HAS_SPACE = re.compile(r"\s")


def parse_code(value: object) -> str | None:
    """Read an identifier (``kd_tender``, ``kd_rup``, ``kd_satker``...) as a string.

    Integers become their digits; floats and strings such as ``"10002513000.0"`` (spreadsheet exports)
    lose the ``.0``; other strings are trimmed. Identifiers never contain inner whitespace.

    Raises:
        ParseError: for a non-integral number, a boolean, text with inner whitespace, a number in scientific
            notation (``"1.00025E+10"``: a spreadsheet rounded the code), or ``"1.000"`` (a thousand, or
            one with a decimal mark?).
    """
    if type(value) is int and -(1 << 200) < value < 1 << 200:
        return as_text(value)
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise _error("not-an-identifier", value, "code")
    if isinstance(value, int):
        if value.bit_length() > 200:
            raise _error("identifier-too-many-digits", value, "code")
        return as_text(value)
    if isinstance(value, float | Decimal):
        if value != value or value in (float("inf"), float("-inf")) or value != int(value):
            raise _error("identifier-not-integral", value, "code")
        return str(int(value))
    text = as_text(value).strip()
    if text.isdigit():
        return text
    if _SCIENTIFIC.fullmatch(text):
        raise _error("identifier-scientific", value, "code")
    if _GROUP_LIKE.fullmatch(text):
        raise _ambiguous_group(text, value, "code")
    if _INTEGRAL_TEXT.fullmatch(text):
        return text.split(".", 1)[0]
    if _HAS_SPACE.search(text):
        raise _error("identifier-whitespace", value, "code")
    return text


class Duration(NamedTuple):
    """A duration as written: calendar units, and working days apart (they have no fixed calendar length)."""

    years: int = 0
    months: int = 0
    days: int = 0
    working_days: int = 0


# "30 Hari Kalender", "14 (empat belas) hari kalender", "20 hari kerja", "2 Minggu", "6 Bulan", "1 Tahun".
_DURATION_PART = re.compile(r"(\d+)\s*(hari\s+kerja|hari\s+kalend[ae]r|hari|minggu|pekan|bulan|tahun)\b", re.IGNORECASE)
_NUMBER_IN_WORDS = re.compile(r"(\d+)\s*\([^()]*\)")
_PARENTHESES = re.compile(r"\([^()]*\)")
# What follows the duration itself: a breakdown ("09 Hari - 01 Hari Rekrut ...") or the dates it spans.
_DURATION_TAIL = re.compile(r"\s-|-\s|\b(?:dari|sejak|mulai|terhitung|sampai|s/d|s\.d\.?)\b", re.IGNORECASE)
_SUM_SEPARATOR = re.compile(r"^(?:\s*(?:,|\+|dan|and)\s*)$", re.IGNORECASE)
# Words around a duration that say nothing about its length ("Selama 30 Hari Kalender", "3 Bulan Kalender").
_DURATION_FILLER = frozenset({"selama", "waktu", "pelaksanaan", "pekerjaan", "penyelesaian", "jangka", "kalender",
                              "kalendar", "hari"})  # fmt: skip
_DURATION_RANK = {"tahun": 5, "bulan": 4, "minggu": 3, "pekan": 3, "hari kalender": 2, "hari kalendar": 2,
                  "hari": 2, "hari kerja": 0}  # fmt: skip


def parse_duration(value: object) -> Duration | None:
    """Read a duration such as ``waktu_penyelesaian``.

    "150 Hari Kalender", "14 (empat belas) hari kalender" (the number in words is ignored), "2 Minggu",
    "6 Bulan" and "20 hari kerja" (working days, kept apart) are read; so is a sum whose parts are separated by
    commas or "dan" ("16 Hari Kalender, 11 Bulan, 0 Tahun"), or written side by side from the larger unit down
    ("1 Bulan 15 Hari"). Words that say nothing of the length ("Selama", "Kalender") are ignored. A breakdown in
    parentheses or after a dash ("09 Hari Kalender (01 hari rekrut dan 08 hari pelatihan)") and the dates after
    "dari"/"sampai" are not part of the duration.

    Raises:
        ParseError: when the text has no number with a unit ("Hari Kalender"), or is ambiguous: working days
            beside another unit or a smaller unit before a larger one without a separator ("30 hari Kerja 6
            Bulan"), a duration "within" another ("30 Hari Kalender dalam 6 Bulan"), or one unit twice.
    """
    if is_missing(value):
        return None
    text = _PARENTHESES.sub(" ", _NUMBER_IN_WORDS.sub(r"\1", " ".join(as_text(value).split())))
    head = _DURATION_TAIL.split(text, maxsplit=1)[0]
    parts = list(_DURATION_PART.finditer(head))
    if not parts:
        raise _error("no-duration", value, "duration")
    ambiguous = _error("ambiguous-duration", value, "duration")
    rest = (head[: parts[0].start()] + " " + head[parts[-1].end() :]).lower()
    if any(word not in _DURATION_FILLER for word in re.findall(r"[^\s,.;:]+", rest)):
        raise ambiguous  # "30 Hari Kalender dalam 6 Bulan": a duration within another
    units = [" ".join(part.group(2).lower().split()) for part in parts]
    for (a, b), gap in zip(itertools.pairwise(units), (head[x.end() : y.start()] for x, y in itertools.pairwise(parts)),
                           strict=True):  # fmt: skip
        # Parts side by side add up only from the larger unit down ("1 Bulan 15 Hari"); "30 hari Kerja 6
        # Bulan" (working days beside months) says two things. A comma or "dan" always separates a sum.
        descending = _DURATION_RANK[a] > _DURATION_RANK[b] > 0
        if not (_SUM_SEPARATOR.fullmatch(gap) or (not gap.strip() and descending)):
            raise ambiguous
    if len(set(units)) != len(units):
        raise ambiguous
    found = {"years": 0, "months": 0, "days": 0, "working_days": 0}
    for part, unit in zip(parts, units, strict=True):
        amount = int(part.group(1))
        if unit == "hari kerja":
            found["working_days"] += amount
        elif unit == "tahun":
            found["years"] += amount
        elif unit == "bulan":
            found["months"] += amount
        else:
            found["days"] += amount * (7 if unit in {"minggu", "pekan"} else 1)
    return Duration(**found)


_SPACE_AT_SEPARATOR = re.compile(r"\s*([/.\-])\s*")


def parse_letter_number(value: object) -> str | None:
    """Read a letter number (nomor surat: ``no_sppbj``, ``no_kontrak``, ``no_spmk_spp``...) for comparison.

    People type these numbers, so they have spaces ("000.3.2/ 0669 /Dinkes/2025", "027 / 21 / SPPBJ /
    UPTD.DISNAKER/2025") and words ("SPPBJ-Rehab Gedung"): that is ordinary, not an error. Runs of white space
    become one space and spaces next to ``/``, ``.`` and ``-`` are removed, so that two spellings of one number
    compare equal. Numbers (a spreadsheet's ``12.0``) are read as :func:`parse_code` reads them. Never raises for
    text.
    """
    if is_missing(value):
        return None
    if not isinstance(value, str):
        return parse_code(value)
    return _SPACE_AT_SEPARATOR.sub(r"\1", " ".join(value.split())) or None


def parse_int(value: object) -> int | None:
    """Read an integer (``tahun_anggaran``, ``versi_tender``, ``tipe_swakelola``...).

    Raises:
        ParseError: for a non-integral number or text that is not an integer, including ``"1.000"``
            (a thousand in Indonesian writing, one with a decimal mark elsewhere).
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise _error("not-an-integer", value, "int")
    if isinstance(value, int):
        if not -(1 << 63) <= value < 1 << 63:
            raise _error("integer-out-of-range", value, "int")
        return value
    if isinstance(value, float | Decimal):
        if value != value or value in (float("inf"), float("-inf")) or value != int(value):
            raise _error("not-an-integer", value, "int")
        return parse_int(int(value))
    text = as_text(value).strip()
    _check_digits(text, value, "integer")
    if _GROUP_LIKE.fullmatch(text):
        raise _ambiguous_group(text, value, "int")
    if re.fullmatch(r"[+-]?\d+(?:\.0+)?", text):
        return parse_int(int(text.split(".", 1)[0]))
    raise _error("not-an-integer", value, "int")


def parse_number(value: object) -> Decimal | None:
    """Read a plain number (a percentage, a quantity) as an exact :class:`~decimal.Decimal`.

    Accepts ints, floats (through their shortest ``repr``), Decimals and text with a ``.`` or ``,``
    decimal mark (``"65"``, ``"12.5"``, ``"12,5"``). Thousands separators are not accepted here, and
    ``"1.234"`` is refused: in Indonesian writing it is 1234, elsewhere 1.234.

    Raises:
        ParseError: for anything else, an ambiguous ``"1.234"``, NaN or infinity.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise _error("not-a-number", value, "number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            raise _error("number-not-finite", value, "number")
        return number
    text = as_text(value).strip()
    if _GROUP_LIKE.fullmatch(text.removesuffix("%").rstrip()):
        raise _ambiguous_group(text, value, "number")
    match = re.fullmatch(r"([+-]?\d+)(?:[.,](\d+))?\s*%?", text)
    if not match:
        raise _error("not-a-number", value, "number")
    return Decimal(f"{match.group(1)}.{match.group(2)}" if match.group(2) else match.group(1))


def normalise_satker_str(value: object) -> str | None:
    """Normalise a SIPD/Kemendagri unit code (``kd_satker_str``): ``"1. 20. 03"`` becomes ``"1.20.03"``.

    Spaces next to dots are removed and a trailing dot dropped. The code itself is not translated between systems
    (``"32.04.20.03"`` stays as it is).

    Raises:
        ParseError: if what is left is not dot-separated digits.
    """
    if is_missing(value):
        return None
    # Spaces next to a dot are noise ("1. 20. 03"); a space between digits ("1 20 03") would merge two parts.
    text = re.sub(r"\s*\.\s*", ".", as_text(value).strip()).rstrip(".")
    if not re.fullmatch(r"\d+(?:\.\d+)*", text):
        raise _error("not-a-satker-code", value, "satker")
    return text


def split_list(value: object, separators: str = ";,", *, strip_chars: str = "") -> list[str]:
    """Split a joined list (``"60832782;45828523"``, ``"APBD,APBDP"``) into its items.

    Items are trimmed (and stripped of ``strip_chars``, e.g. the trailing ``"."`` of a MAK), empty and
    missing items dropped, duplicates removed (first occurrence kept). Numbers become one item.

    Args:
        value: the raw value.
        separators: the characters that separate items.
        strip_chars: extra characters stripped from both ends of each item.

    Returns:
        The items, an empty list if the value is missing.
    """
    if is_missing(value):
        return []
    if isinstance(value, list | tuple):
        pieces: list[str] = [as_text(item) for item in value]
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            code = parse_code(value)
        except ParseError:  # a number that is no code (a fraction, too many digits) is no item
            return []
        return [code] if code else []
    else:
        pieces = re.split("[" + re.escape(separators) + "]", as_text(value)) if separators else [as_text(value)]
    out: list[str] = []
    for piece in pieces:
        item = piece.strip()
        if strip_chars:
            item = item.strip(strip_chars).strip()
        if item and not is_missing(item) and item not in out:
            out.append(item)
    return out


_NIP = re.compile(r"^\s*(\d[\d\s]{7,}\d|9+)\s*-\s*(.*)$", re.DOTALL)


def split_nip_nama(value: object) -> tuple[str | None, str | None]:
    """Split an SPSE ``"NIP - NAMA"`` compound (``nip_nama_ppk``) into ``(nip, nama)``.

    A value without a leading NIP is all name. NIPs are personal data: the mapping withholds them.

    Returns:
        ``(nip, name)``; either may be ``None``.
    """
    text = clean_text(value)
    if text is None:
        return None, None
    match = _NIP.match(text)
    if not match:
        return None, text
    return re.sub(r"\s+", "", match.group(1)), clean_text(match.group(2))


# -------------------------------------------------------------------------------------------- rupiah

_SCALE = {
    "rb": 3,
    "ribu": 3,
    "k": 3,
    "jt": 6,
    "juta": 6,
    "m": 9,
    "miliar": 9,
    "milyar": 9,
    "t": 12,
    "triliun": 12,
    "trilyun": 12,
}
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_ABBREVIATED = re.compile(r"^(\d+)(?:([.,])(\d+))?\s*([A-Za-z]+)\.?$")
_ID_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,(\d+))?$")
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.(\d+))?$")
_PLAIN = re.compile(r"^\d+(?:([.,])(\d+))?$")
_TWO = Decimal("0.01")


def _canonical(amount: Decimal) -> Decimal:
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def _check_amount(amount: Decimal, value: object, allow_negative: bool) -> Decimal:
    try:
        return _checked_amount(amount, value, allow_negative)
    except InvalidOperation:
        raise _error("amount-too-large", value, "rupiah") from None


def _checked_amount(amount: Decimal, value: object, allow_negative: bool) -> Decimal:
    if not amount.is_finite():
        raise _error("amount-not-finite", value, "rupiah")
    if amount < 0 and not allow_negative:
        raise _error("amount-negative", value, "rupiah")
    if amount != amount.quantize(_TWO, rounding="ROUND_DOWN"):
        raise _error("amount-sen", value, "rupiah")
    return _canonical(amount)


def parse_rupiah(value: object, *, allow_negative: bool = False, allow_abbreviated: bool = True) -> Decimal | None:
    """Parse a Rupiah amount into an exact :class:`~decimal.Decimal`.

    See the module documentation for the accepted forms. Integral results have exponent 0
    (``Decimal("1250000000")``); others keep their significant sen (``Decimal("999995334.78")``).

    Args:
        value: an int, float, Decimal or text.
        allow_negative: accept a leading ``-`` (or a negative number); procurement amounts never are.
        allow_abbreviated: accept the rounded list forms ``"3,8 Jt"``, ``"1,2 M"``.

    Returns:
        The amount, or ``None`` if the value is missing (including ``"Rp -"``).

    Raises:
        ParseError: for an ambiguous, malformed, negative or over-precise amount.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise _error("not-an-amount", value, "rupiah")
    if isinstance(value, int):
        return _check_amount(Decimal(value), value, allow_negative)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _error("amount-not-finite", value, "rupiah")
        return _check_amount(Decimal(repr(value)), value, allow_negative)
    if isinstance(value, Decimal):
        return _check_amount(value, value, allow_negative)
    text = _SPACES.sub(" ", as_text(value)).strip()
    negative = False
    if text.startswith(("-", "\u2212")):
        negative = True
        text = text[1:].lstrip()
    match = _CURRENCY.match(text)
    has_currency = bool(match)
    if match:
        text = text[match.end() :]
        if text.startswith("-") and not negative and text[1:].strip() and text[1:].strip()[0].isdigit():
            negative = True
            text = text[1:]
        text = text.strip()
    if not text or text in ("-", "--"):
        if has_currency and not negative:
            return None
        raise _error("no-amount", value, "rupiah")
    if text.endswith((",-", ".-")):
        text = text[:-2].rstrip()
    amount = _parse_amount_text(text, value, has_currency, allow_abbreviated)
    if negative:
        amount = -amount
    return _check_amount(amount, value, allow_negative)


def _parse_amount_text(text: str, value: object, has_currency: bool, allow_abbreviated: bool) -> Decimal:
    if match := _ABBREVIATED.match(text):
        whole, mark, fraction, unit = match.groups()
        scale = _SCALE.get(unit.lower())
        if scale is None:
            raise _error("amount-unknown-unit", value, "rupiah", unit=repr(unit))
        if not allow_abbreviated:
            raise _error("amount-abbreviated", value, "rupiah")
        if (mark == "." and unit.lower() == "m") or (fraction is not None and len(fraction) == 3):
            raise _error("amount-ambiguous-million", value, "rupiah")
        mantissa = Decimal(f"{whole}.{fraction}") if fraction else Decimal(whole)
        return mantissa.scaleb(scale)
    if match := _ID_GROUPED.match(text):
        _refuse_three_decimals(match.group(1), value)
        digits = text.replace(".", "").replace(",", ".")
        if text.count(".") == 1 and match.group(1) is None and not has_currency:
            raise _error("amount-ambiguous-dot", value, "rupiah")
        return Decimal(digits)
    if match := _EN_GROUPED.match(text):
        _refuse_three_decimals(match.group(1), value)
        if text.count(",") == 1 and match.group(1) is None:
            raise _error("amount-ambiguous-comma", value, "rupiah")
        return Decimal(text.replace(",", ""))
    if match := _PLAIN.match(text):
        mark, fraction = match.groups()
        if mark is None:
            return Decimal(text)
        _refuse_three_decimals(fraction, value)
        return Decimal(text.replace(",", "."))
    raise _error("not-a-rupiah-amount", value, "rupiah")


def _refuse_three_decimals(fraction: str | None, value: object) -> None:
    """Three digits after the last mark look like a thousands group (``"1.000,500"``): never sen."""
    if fraction is not None and len(fraction) == 3:
        raise _error("amount-three-decimals", value, "rupiah")


def format_rupiah(amount: Decimal | int) -> str:
    """Format an amount the Indonesian way: ``Decimal("1250000000")`` gives ``"Rp 1.250.000.000,00"``.

    Negative amounts get a leading minus (``"-Rp 5.000,00"``). :func:`parse_rupiah` reads the result back
    to the same value.

    Raises:
        ValueError: for a non-finite amount or one with more than two decimal places.
    """
    number = Decimal(amount)
    if not number.is_finite():
        raise ValueError(f"not a finite amount: {amount!r}")
    try:
        exact = number == number.quantize(_TWO, rounding="ROUND_DOWN")
    except InvalidOperation:
        raise ValueError(f"amount too large: {amount!r}") from None
    if not exact:
        raise ValueError(f"more than two decimal places: {amount!r}")
    sign = "-" if number < 0 else ""
    return f"{sign}Rp {format_decimal(abs(number), format='#,##0.00', locale='id_ID')}"


# --------------------------------------------------------------------------------------------- dates

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januari january jan",
        "februari pebruari february feb peb",
        "maret march mar",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu agt ags agst agus agust aug",
        "september sep sept",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_WEEKDAYS = [
    *("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad"),
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"),
]
_WEEKDAY = re.compile(r"^(?:" + "|".join(re.escape(w) for w in _WEEKDAYS) + r")\b\.?,?\s*", re.IGNORECASE)

_TIME = r"(?:(?:pukul|jam|at)\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp]\.?[Mm]\.?)?"
_ZONE = r"(?:\s*(Z|[+-]\d{2}:?\d{2}|WIB|WITA|WIT|UTC|GMT)\b)?"
_ISO = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T\s]+" + _TIME + r")?" + _ZONE + r"\s*$", re.IGNORECASE)
_DMY_NUM = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[T\s,]+" + _TIME + r")?" + _ZONE + r"\s*$", re.IGNORECASE)
_DMY_NAME = re.compile(
    r"^(\d{1,2})[\s-]+([A-Za-z']+)\.?[\s-]+(\d{4})(?:[\s,]+" + _TIME + r")?" + _ZONE + r"\s*$", re.IGNORECASE
)
_MDY_NAME = re.compile(
    r"^([A-Za-z']+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\s,]+" + _TIME + r")?" + _ZONE + r"\s*$", re.IGNORECASE
)

_MIN_YEAR = 1990
_MAX_YEAR = 2100


class LocalDateTime:
    """A date, with the time of day and zone the source gave (if any).

    Attributes:
        date: the calendar date.
        time: the time of day, or ``None`` for a date-only value.
        offset: the zone written in the source (``WITA``, ``+08:00``), ``None`` if unlabelled (local time).
    """

    __slots__ = ("date", "offset", "time")

    def __init__(self, date: dt.date, time: dt.time | None = None, offset: dt.timezone | None = None) -> None:
        self.date = date
        self.time = time
        self.offset = offset

    def __repr__(self) -> str:
        return f"LocalDateTime({self.date!r}, {self.time!r}, {self.offset!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalDateTime):
            return NotImplemented
        return (self.date, self.time, self.offset) == (other.date, other.time, other.offset)

    def __hash__(self) -> int:
        return hash((self.date, self.time, self.offset))

    def to_datetime(self, offset: dt.tzinfo = WIB, *, end_of_day: bool = False) -> dt.datetime:
        """The instant, expressed in ``offset`` (the regency's zone).

        Args:
            offset: the zone of unlabelled times and of the result.
            end_of_day: for a date-only value, use 23:59:59 instead of 00:00:00.
        """
        time = self.time
        if time is None:
            time = dt.time(23, 59, 59) if end_of_day else dt.time(0, 0, 0)
        moment = dt.datetime.combine(self.date, time, tzinfo=self.offset or offset)
        return moment.astimezone(offset) if self.offset is not None else moment


def parse_offset(value: str | dt.tzinfo | dt.timedelta) -> dt.timezone:
    """Read a UTC offset: ``"+07:00"``, ``"+0800"``, ``"WIB"``, ``"WITA"``, ``"WIT"``, a ``timedelta``.

    Raises:
        ParseError: if the value is not an offset between -14:00 and +14:00.
    """
    if isinstance(value, dt.timezone):
        return value
    if isinstance(value, dt.timedelta):
        return dt.timezone(value)
    if isinstance(value, dt.tzinfo):
        delta = value.utcoffset(None)
        if delta is None:
            raise _error("offset-not-fixed", value, "offset")
        return dt.timezone(delta)
    text = as_text(value).strip()
    zone = _ZONES.get(text.upper())
    if zone is not None:
        return zone
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
    if not match:
        raise _error("not-an-offset-name", value, "offset")
    sign, hours, minutes = match.groups()
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
    if int(minutes) >= 60 or delta > dt.timedelta(hours=14):
        raise _error("not-an-offset", value, "offset")
    return dt.timezone(-delta if sign == "-" else delta)


def _zone(label: str | None, z_is_utc: bool, value: object) -> dt.timezone | None:
    if not label:
        return None
    upper = label.upper()
    if upper == "Z":
        return dt.UTC if z_is_utc else None
    if upper in _ZONES:
        return _ZONES[upper]
    return parse_offset(label)


def _time(
    hour: str | None, minute: str | None, second: str | None, fraction: str | None, ampm: str | None, value: object
) -> dt.time | None:
    if hour is None or minute is None:
        return None
    h, m, s = int(hour), int(minute), int(second or 0)
    if ampm:
        marker = ampm.replace(".", "").lower()
        if not 1 <= h <= 12:
            raise _error("hour-with-ampm", value, "date", hour=h, ampm=ampm)
        h = h % 12 + (12 if marker == "pm" else 0)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return dt.time(h, m, s, micro)
    except ValueError as exc:
        raise _error("invalid-time", value, "date", detail=str(exc)) from None


def _date(year: int, month: int, day: int, value: object) -> dt.date:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise _error("implausible-year", value, "date", year=year)
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise _error("invalid-date", value, "date", detail=str(exc)) from None


def _month(name: str, value: object) -> int:
    month = _MONTHS.get(name.lower().rstrip("."))
    if month is None:
        raise _error("unknown-month", value, "date", name=repr(name))
    return month


def parse_local_datetime(value: object, *, z_is_utc: bool = False) -> LocalDateTime | None:
    """Parse an Indonesian date or date-time into its parts, without choosing a zone.

    Args:
        value: text, a ``datetime``/``date`` (from XLSX), or missing.
        z_is_utc: trust a trailing ``Z`` as UTC. LKPP exports put a false ``Z`` on local times, so the
            default ignores it.

    Returns:
        The parts, or ``None`` if the value is missing.

    Raises:
        ParseError: for anything that is not a plausible date.
    """
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        delta = value.utcoffset()
        tz = dt.timezone(delta) if delta is not None else None
        if tz is not None and delta == dt.timedelta(0) and not z_is_utc:
            tz = None
        _date(value.year, value.month, value.day, value)
        return LocalDateTime(value.date(), value.time().replace(tzinfo=None), tz)
    if isinstance(value, dt.date):
        return LocalDateTime(_date(value.year, value.month, value.day, value))
    if not isinstance(value, str):
        raise _error("not-a-date", value, "date")
    fast = None if z_is_utc and value.endswith("Z") else _fast_iso(value)
    if fast is not None:
        return fast
    text = _SPACES.sub(" ", value).strip()
    text = _WEEKDAY.sub("", text, count=1)
    if match := _ISO.match(text):
        y, _sep, mo, d, hh, mi, ss, frac, ampm, zone = match.groups()
        date = _date(int(y), int(mo), int(d), value)
    elif match := _DMY_NUM.match(text):
        d, _sep, mo, y, hh, mi, ss, frac, ampm, zone = match.groups()
        if int(mo) > 12 and int(d) <= 12:
            raise _error("month-first", value, "date", month=mo)
        date = _date(int(y), int(mo), int(d), value)
    elif match := _DMY_NAME.match(text):
        d, name, y, hh, mi, ss, frac, ampm, zone = match.groups()
        date = _date(int(y), _month(name, value), int(d), value)
    elif match := _MDY_NAME.match(text):
        name, d, y, hh, mi, ss, frac, ampm, zone = match.groups()
        date = _date(int(y), _month(name, value), int(d), value)
    else:
        return _parse_freeform(text, value, z_is_utc)
    time = _time(hh, mi, ss, frac, ampm, value)
    tz = _zone(zone, z_is_utc, value)
    if tz is not None and time is None:
        time = dt.time(0, 0)
    return LocalDateTime(date, time, tz)


_FAST_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d:\d\d(?:\.\d{1,6})?)?Z?")


def _fast_iso(value: str) -> LocalDateTime | None:
    """The common LKPP forms (``2025-01-22``, ``2025-01-22 12:31:28``, ``...T00:00:00.000000Z``) in C."""
    if not _FAST_ISO.fullmatch(value):
        return None
    text = value[:-1] if value.endswith("Z") else value
    try:
        if len(text) == 10:
            date = dt.date.fromisoformat(text)
            _date(date.year, date.month, date.day, value)
            return LocalDateTime(date)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None  # let the general path produce the error message
    _date(moment.year, moment.month, moment.day, value)
    return LocalDateTime(moment.date(), moment.time())


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def parse_datetime(
    value: object,
    *,
    offset: str | dt.tzinfo | dt.timedelta = WIB,
    date_only: Literal["keep", "start", "end"] = "keep",
    z_is_utc: bool = False,
) -> str | None:
    """Parse an Indonesian date or date-time into ISO 8601 with the regency's UTC offset.

    ``"15 Januari 2025 08:00"`` gives ``"2025-01-15T08:00:00+07:00"``; ``"2025-01-31 14:00:00.000000Z"``
    (a false ``Z``) gives ``"2025-01-31T14:00:00+07:00"``; ``"Rabu, 01 Okt 2025 14:00 WITA"`` gives
    ``"2025-10-01T13:00:00+07:00"`` (labelled times are converted to ``offset``).

    Args:
        value: the raw value.
        offset: the regency's zone, used for unlabelled times and for the result (default WIB, +07:00).
        date_only: what to do with a value that has no time of day: ``"keep"`` returns ``"YYYY-MM-DD"``,
            ``"start"`` the first second of that day, ``"end"`` the last (23:59:59).
        z_is_utc: trust a trailing ``Z`` as UTC (see :func:`parse_local_datetime`).

    Returns:
        The ISO 8601 text, or ``None`` if the value is missing.

    Raises:
        ParseError: for anything that is not a plausible date.
    """
    parts = parse_local_datetime(value, z_is_utc=z_is_utc)
    if parts is None:
        return None
    if parts.time is None and date_only == "keep":
        return parts.date.isoformat()
    zone = parse_offset(offset)
    return _iso(parts.to_datetime(zone, end_of_day=date_only == "end"))


def parse_date(value: object, *, offset: str | dt.tzinfo | dt.timedelta = WIB, z_is_utc: bool = False) -> str | None:
    """Parse a date and return only the calendar date (``"YYYY-MM-DD"``) in the regency's zone.

    A labelled time (``23:30 WIT``) is first converted to ``offset``, which can change the day.

    Raises:
        ParseError: for anything that is not a plausible date.
    """
    parts = parse_local_datetime(value, z_is_utc=z_is_utc)
    if parts is None:
        return None
    if parts.time is None or parts.offset is None:
        return parts.date.isoformat()
    return parts.to_datetime(parse_offset(offset)).date().isoformat()


# ----------------------------------------------------------------------------- free-form dates, durations


class IndonesianParserInfo(dateutil_parser.parserinfo):
    """What python-dateutil's parser knows of Indonesian dates: month and day names (and the English ones),
    the words around a date (``tanggal``, ``pukul``, ``jam``), the zones ``WIB``/``WITA``/``WIT``, day first."""

    # dateutil reads these class attributes (typeshed types its day and month names as pairs or triples)
    JUMP = [*dateutil_parser.parserinfo.JUMP, "tanggal", "tgl", "pukul", "pkl", "jam", "hari"]  # noqa: RUF012
    WEEKDAYS = cast(
        "Any",
        [
            ("mon", "monday", "senin", "sen"),
            ("tue", "tuesday", "selasa", "sel"),
            ("wed", "wednesday", "rabu", "rab"),
            ("thu", "thursday", "kamis", "kam"),
            ("fri", "friday", "jumat", "jum"),
            ("sat", "saturday", "sabtu", "sab"),
            ("sun", "sunday", "minggu", "ahad", "min"),
        ],
    )
    MONTHS = cast("Any", [tuple(name for name, n in _MONTHS.items() if n == month) for month in range(1, 13)])
    TZOFFSET = {"wib": 7 * 3600, "wita": 8 * 3600, "wit": 9 * 3600}  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__(dayfirst=True, yearfirst=False)

    def tzoffset(self, name: str) -> int | None:
        """The offset of a zone name in seconds (``WIB``, ``wita``...), 0 for UTC, ``None`` if unknown."""
        if name.upper() in self.UTCZONE:
            return 0
        return self.TZOFFSET.get(name.lower())


_PARSER_INFO = IndonesianParserInfo()
_When = TypeVar("_When", dt.date, dt.datetime)
_DEFAULTS = (dt.datetime(2001, 1, 1, 0, 0, 0), dt.datetime(2002, 2, 2, 1, 1, 1))


def _dateutil(text: str, value: object, *, dayfirst: bool) -> tuple[dt.datetime, dt.datetime]:
    try:
        with warnings.catch_warnings():
            # a time-zone name dateutil finds but can't place ("0:00AMZ"): not a date, rather than a warning
            warnings.simplefilter("error", dateutil_parser.UnknownTimezoneWarning)
            first, second = (
                dateutil_parser.parse(text, parserinfo=_PARSER_INFO, default=default, dayfirst=dayfirst, yearfirst=True)
                for default in _DEFAULTS
            )
    except (ValueError, OverflowError, dateutil_parser.UnknownTimezoneWarning):
        raise _error("date-not-recognised", value, "date", shown=repr(value)) from None
    return first, second


def _parse_freeform(text: str, value: object, z_is_utc: bool) -> LocalDateTime:
    """A date in a form the strict patterns don't know, read by python-dateutil without guessing."""
    first, second = _dateutil(text, value, dayfirst=True)
    missing = [name for name in ("year", "month", "day") if getattr(first, name) != getattr(second, name)]
    if missing:
        raise _error(
            "date-incomplete", value, "date", shown=repr(value), missing=Message(f"parse.part.{'-'.join(missing)}")
        )
    if str(first.year) not in text:
        raise _error("two-digit-year", value, "date", shown=repr(value))
    month_first, _ = _dateutil(text, value, dayfirst=False)
    if month_first.date() != first.date():
        if not text.startswith(str(month_first.year)):
            raise _error("day-month-ambiguous", value, "date", shown=repr(value))
        first, second = month_first, _dateutil(text, value, dayfirst=False)[1]  # year first: year-month-day
    date = _date(first.year, first.month, first.day, value)
    time = None if first.hour != second.hour else first.time()
    delta = first.utcoffset()
    tz = None
    if delta is not None and not (delta == dt.timedelta(0) and text.upper().endswith("Z") and not z_is_utc):
        tz = dt.timezone(delta)
        if time is None:
            time = dt.time(0, 0)
    return LocalDateTime(date, time, tz)


class _CalendarDuration(Protocol):
    years: int
    months: int
    days: int


def add_duration(start: _When, duration: relativedelta | _CalendarDuration) -> _When:
    """``start`` (a ``date`` or ``datetime``) plus a duration in calendar years, months and days (dateutil).

    The day of the month is kept where the month has it, else the month's last day: ``2025-08-31`` plus 6
    months is ``2026-02-28``; ``2024-02-29`` plus 1 year is ``2025-02-28``. ``duration`` is a
    :class:`~dateutil.relativedelta.relativedelta` or a :class:`Duration` (anything with ``years``,
    ``months`` and ``days``).

    Raises:
        ValueError: the duration has working days (``working_days``), which have no calendar length.
    """
    if isinstance(duration, relativedelta):
        delta = duration
    else:
        if getattr(duration, "working_days", 0):
            raise ValueError(f"working days have no calendar length: {duration!r}")
        delta = relativedelta(years=duration.years, months=duration.months, days=duration.days)
    result: _When = start + delta
    return result


# ---------------------------------------------------------------------------------------------- NPWP


def is_nik(value: object) -> bool:
    """Whether a value is shaped like a NIK (Nomor Induk Kependudukan), an individual's national id.

    A NIK has 16 digits: a province code (11–94), regency and district codes, the birth date as DDMMYY
    (day plus 40 for women) and a serial. Since 2024 an individual's NPWP-16 *is* the NIK, which makes it
    personal data. There is no check digit, so this is a shape test.
    """
    if not isinstance(value, str | int) or isinstance(value, bool):
        return False
    digits = re.sub(r"[\s.\-]", "", as_text(value))
    if len(digits) != 16 or not digits.isdigit():
        return False
    province, day, month = int(digits[0:2]), int(digits[6:8]), int(digits[8:10])
    return 11 <= province <= 94 and (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


def normalise_npwp(value: object) -> str | None:
    """Normalise an NPWP to its 16-digit form.

    ``"01.767.782.4-429.000"`` and ``"017677824429000"`` give ``"0017677824429000"``; a 16-digit value
    starting with ``0`` is kept after the same check; a NIK (an individual's NPWP-16) is kept as it is; so
    is a 16-digit NPWP that DJP issues to an organisation in the new form, starting with ``10``
    (``"1091031210933918"``; no province code starts with 1 and 0, so it is never a NIK). The result is
    idempotent: normalising it again gives the same text.

    Returns:
        The 16 digits, or ``None`` if the value is missing or an all-zero placeholder.

    Raises:
        ParseError: for masked values (``*``), wrong lengths, a failed check digit, or 16 digits that are
            neither ``"0"`` + an NPWP-15 nor shaped like a NIK.
    """
    if is_missing(value):
        return None
    if isinstance(value, float | Decimal):
        with contextlib.suppress(ValueError, OverflowError, InvalidOperation):
            if value == int(value) and value >= 0:
                value = int(value)  # a spreadsheet cell holding the digits as a number
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _error("not-an-npwp", value, "npwp")
    text = as_text(value).strip()
    if re.fullmatch(r"\d{14,16}\.0+", text):  # the same number written out by a spreadsheet export
        value = int(text.split(".", 1)[0])
        text = as_text(value)
    if "*" in text or "x" in text.lower():
        raise _error("npwp-masked", value, "npwp")
    if not re.fullmatch(r"[\d.\-\s]+", text):
        raise _error("not-an-npwp", value, "npwp")
    digits = re.sub(r"\D", "", text)
    if digits and set(digits) == {"0"}:
        return None
    if isinstance(value, int) and len(digits) in (14, 15):
        digits = digits.zfill(15)
    if len(digits) == 15:
        digits = "0" + digits
    elif len(digits) != 16:
        raise _error("npwp-length", value, "npwp", digits=len(digits))
    if (problem := npwp16_problem(digits)) is not None:
        raise _error(problem, value, "npwp")
    return digits


@functools.lru_cache(maxsize=65536)  # NPWPs repeat across rows and releases; a Luhn check costs ~3 µs
def npwp16_problem(digits: str) -> Literal["npwp-check-digit", "npwp-16"] | None:
    """What is wrong with 16 digits as an NPWP-16 (``None``: nothing).

    ``"0"`` + an NPWP-15 must have the right check digit (Luhn over its first nine digits), else
    ``"npwp-check-digit"``; any other 16 digits must be shaped like a NIK or start with ``10`` (the
    new form DJP issues to organisations), else ``"npwp-16"``. :func:`normalise_npwp` applies it to
    the digits it finds in any written form.
    """
    if digits[0] == "0":
        return None if luhn.is_valid(digits[1:10]) else "npwp-check-digit"
    return None if is_nik(digits) or digits.startswith("10") else "npwp-16"


def npwp_kind(value: str) -> Literal["npwp", "nik"]:
    """Classify an NPWP-16: ``"npwp"`` (``"0"`` + a classic NPWP-15, or the ``10`` form) or ``"nik"`` (a NIK).

    A ``"nik"`` identifier is personal data. A classic NPWP may belong to a company or a person.

    Raises:
        ParseError: if the value is not a normalised NPWP (see :func:`normalise_npwp`).
    """
    normal = normalise_npwp(value)
    if normal is None:
        raise _error("not-an-npwp", value, "npwp")
    return "nik" if is_nik(normal) else "npwp"
