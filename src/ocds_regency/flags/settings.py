"""Settings of the indicators: Cardinal's (with its defaults) and the Indonesian ones (keyed by budget year).

Two profiles are built in:

- :func:`cardinal_profile`: Cardinal's defaults, the 11 Cardinal indicators and nothing else, so that the
  results equal ``ocdscardinal indicators`` on the same data;
- :func:`indonesia_profile` (the default of ``ocds-regency flags`` and ``publish``): the Indonesian
  indicators too, and Cardinal's indicators with defaults that fit Indonesian procurement (currency IDR,
  the methods whose prices are compared, the minimum submission periods of each method, self-managed
  work and exempted packages left out).

:meth:`Settings.from_ini` reads Cardinal's settings file format (``[R003]`` ``threshold = 10``, ``[exclusions]``,
pipe-separated lists) on top of a profile; Indonesian settings use sections named after the indicator
codes (``[ID-SPLIT]`` ``window_days = 60``; ``[ID-PL-CEILING.2025]`` ``goods = 200000000``).
"""

from __future__ import annotations

import configparser
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from ocds_regency.errors import OcdsRegencyError

__all__ = [
    "CARDINAL_CODES",
    "ByYear",
    "CardinalSettings",
    "IndonesiaSettings",
    "Settings",
    "SettingsError",
    "cardinal_profile",
    "indonesia_profile",
]

#: Cardinal's indicators, in its order.
CARDINAL_CODES: tuple[str, ...] = (
    "R003",
    "R018",
    "R024",
    "R025",
    "R028",
    "R030",
    "R035",
    "R036",
    "R038",
    "R048",
    "R058",
)

T = TypeVar("T")


class SettingsError(OcdsRegencyError, ValueError):
    """A settings file or value can't be used."""


@dataclass(frozen=True)
class ByYear(Generic[T]):
    """A setting whose value changes with the budget year: ``{first year it applies: value}``.

    The value of a year is the one of the latest first-year not after it; years before the first entry take
    the first entry's value.
    """

    values: Mapping[int, T]

    def get(self, year: int | None) -> T:
        """The value for budget ``year`` (``None``: the latest value)."""
        years = sorted(self.values)
        chosen = years[-1] if year is None else years[0]
        if year is not None:
            for first in years:
                if first <= year:
                    chosen = first
        return self.values[chosen]

    def with_year(self, year: int, value: T) -> ByYear[T]:
        """A copy where ``value`` applies from ``year``."""
        return ByYear({**self.values, year: value})


@dataclass(frozen=True)
class CardinalSettings:
    """Settings of Cardinal's indicators; names and defaults are Cardinal's (see docs/flags.md).

    Attributes:
        enabled: the indicators that run.
        r003_threshold: minimum submission period in whole days.
        r003_method_details: minimum per ``procurementMethodDetails`` value.
        r003_methods: only these ``procurementMethod`` values (``None``: all).
        r018_methods: the competitive ``procurementMethod`` values.
        r024_threshold: fixed lower fence instead of the quartile fence.
        r025_percentile: percentile of valid bids above which a tenderer is a top tenderer.
        r025_threshold: fixed lower fence of the win ratio.
        r035_threshold: minimum number of other tenderers with disqualified bids.
        r038_threshold: fixed upper fence of the disqualified ratio.
        r038_minimum_submitted_bids: tenderers with fewer submitted bids are left out.
        r038_minimum_contracting_processes: buyers and procuring entities with fewer processes are left out.
        r048_threshold: fixed upper fence of the variety.
        r048_digits: digits of the classification code that make its first level.
        r048_minimum_contracting_processes: only tenderers awarded in this many processes make the fence.
        r058_threshold: fixed upper fence of the difference.
    """

    enabled: frozenset[str] = frozenset(CARDINAL_CODES)
    r003_threshold: int = 15
    r003_method_details: Mapping[str, int] = field(default_factory=dict)
    r003_methods: frozenset[str] | None = None
    r018_methods: frozenset[str] = frozenset({"open", "selective"})
    r024_threshold: float | None = None
    r025_percentile: float = 75.0
    r025_threshold: float | None = None
    r035_threshold: int = 1
    r038_threshold: float | None = None
    r038_minimum_submitted_bids: int = 2
    r038_minimum_contracting_processes: int = 2
    r048_threshold: float | None = None
    r048_digits: int = 2
    r048_minimum_contracting_processes: int = 20
    r058_threshold: float | None = None


#: Pengadaan Langsung ceilings in rupiah per category (``consultingServices`` for consultancy), by the
#: budget year they apply from: Perpres 54/2010 as amended (Rp 200 juta; consultancy Rp 50 juta); Perpres
#: 16/2018 Pasal 38 ayat (3) and Pasal 41 ayat (3) (consultancy Rp 100 juta), kept by Perpres 12/2021;
#: Perpres 46/2025 (in force during budget year 2025) raised construction works to Rp 400 juta. The 2025
#: values are to be checked against the text (docs/flags.md); they are a setting for that reason.
PL_CEILINGS: Mapping[int, Mapping[str, float]] = {
    2012: {"goods": 200e6, "works": 200e6, "services": 200e6, "consultingServices": 50e6},
    2018: {"goods": 200e6, "works": 200e6, "services": 200e6, "consultingServices": 100e6},
    2025: {"goods": 200e6, "works": 400e6, "services": 200e6, "consultingServices": 100e6},
}

#: Minimum working days from the start of the submission period (after the explanation meeting) to its
#: deadline, per ``procurementMethodDetails`` (lower case), by budget year. The schedules of Peraturan
#: LKPP 9/2018 and 12/2021 (Lampiran II, Tender; Lampiran III, Seleksi) are the source; the values are
#: unverified against the current text (see docs/flags.md) and are a setting for that reason.
MINIMUM_WORKING_DAYS: Mapping[int, Mapping[str, int]] = {
    2018: {"tender": 2, "seleksi": 2, "tender cepat": 1},
}


@dataclass(frozen=True)
class IndonesiaSettings:
    """Settings of the Indonesian indicators (see docs/flags.md for each).

    Attributes:
        enabled: the indicators that run (codes ``ID-…``).
        currency: the currency of amounts compared with the rupiah thresholds.
        pl_ceiling: Pengadaan Langsung ceilings per category, by budget year.
        minimum_working_days: legal minimum submission period per method, by budget year.
        direct_details: ``procurementMethodDetails`` of Pengadaan Langsung (lower case).
        non_tender_details: methods whose packages can be split to stay below the ceiling.
        competitive_details: the methods of a Tender or Seleksi.
        epurchasing_details: the methods of e-Katalog orders.
        split_window_days: packages this close in time can be parts of one split purchase.
        near_hps_margin: a winning offer less than this fraction below HPS is "within a hair" of it.
        icw_flag_score: ICW scores from this one up are flagged.
        icw_short_title: ICW's short-title length (titles shorter score 5).
        concentration_share: a supplier's share of a satker's awarded value flagged from this one up.
        concentration_minimum_processes: satkers with fewer awarded processes are left out.
        repeat_direct_minimum: direct awards by one satker to one supplier in a year flagged from this many.
        year_end_from: (month, day) from which a contract signed in its budget year is a year-end contract, by year.
        ecatalog_share: a supplier's share of a satker's e-Katalog order value flagged from this one up.
        ecatalog_minimum_orders: satkers with fewer e-Katalog orders are left out.
    """

    enabled: frozenset[str] | None = None
    currency: str = "IDR"
    pl_ceiling: ByYear[Mapping[str, float]] = field(default_factory=lambda: ByYear(PL_CEILINGS))
    minimum_working_days: ByYear[Mapping[str, int]] = field(default_factory=lambda: ByYear(MINIMUM_WORKING_DAYS))
    direct_details: frozenset[str] = frozenset({"pengadaan langsung"})
    non_tender_details: frozenset[str] = frozenset({"pengadaan langsung", "penunjukan langsung"})
    competitive_details: frozenset[str] = frozenset({"tender", "tender cepat", "seleksi"})
    epurchasing_details: frozenset[str] = frozenset({"e-purchasing", "epurchasing"})
    split_window_days: int = 30
    near_hps_margin: float = 0.01
    icw_flag_score: int = 5
    icw_short_title: int = 20
    concentration_share: float = 0.5
    concentration_minimum_processes: int = 5
    repeat_direct_minimum: int = 5
    year_end_from: ByYear[tuple[int, int]] = field(default_factory=lambda: ByYear({2000: (12, 1)}))
    ecatalog_share: float = 0.5
    ecatalog_minimum_orders: int = 5


@dataclass(frozen=True)
class Settings:
    """All settings of a run.

    Attributes:
        profile: the name of the profile they start from (``"cardinal"`` or ``"indonesia"``).
        currency: the main currency (``None``: the first currency seen, as Cardinal does).
        exclusions: ``procurementMethodDetails`` values left out of every indicator.
        no_price_comparison: methods (details) whose bid prices are not compared.
        price_comparison: the only methods (details) whose bid prices are compared (``None``: all).
        bid_methods: the only methods (details) whose bids Cardinal's bid indicators (R024, R025, R028, R030,
            R035, R036, R038, R058) look at (``None``: all, as Cardinal). Not a Cardinal setting.
        cardinal: Cardinal's indicators.
        indonesia: the Indonesian indicators (``None``: none run).
    """

    profile: str = "cardinal"
    currency: str | None = None
    exclusions: frozenset[str] = frozenset()
    no_price_comparison: frozenset[str] | None = None
    price_comparison: frozenset[str] | None = None
    bid_methods: frozenset[str] | None = None
    cardinal: CardinalSettings = field(default_factory=CardinalSettings)
    indonesia: IndonesiaSettings | None = None

    def compares_prices(self, details: str | None) -> bool:
        """Whether bid prices of a process with these ``procurementMethodDetails`` may be compared."""
        if self.no_price_comparison is not None and details is not None and details in self.no_price_comparison:
            return False
        return not (self.price_comparison is not None and (details is None or details not in self.price_comparison))

    def compares_bids(self, details: str | None) -> bool:
        """Whether the bid indicators look at the bids of a process with these ``procurementMethodDetails``."""
        return self.bid_methods is None or (details is not None and details in self.bid_methods)

    @classmethod
    def from_ini(cls, path: str | Path, *, base: Settings | None = None) -> Settings:
        """Settings from a Cardinal-style INI file, on top of ``base`` (default: :func:`indonesia_profile`).

        As in Cardinal, when the file has a section for any Cardinal indicator, only the indicators with a
        section run.

        Raises:
            SettingsError: the file can't be read or a value is not usable.
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise SettingsError(f"{path}: can't read the settings: {exc.strerror or exc}") from exc
        return parse_ini(text, base=base or indonesia_profile(), name=str(path))


def _pipe(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split("|") if part.strip())


def _number(name: str, key: str, value: str, kind: type[int] | type[float]) -> Any:
    text = value.split("#", 1)[0].split(";", 1)[0].strip()
    try:
        return kind(text)
    except ValueError:
        raise SettingsError(f"{name}: [{key}]: {value!r} is not a {kind.__name__}") from None


_CARDINAL_KEYS: dict[tuple[str, str], tuple[str, type[int] | type[float] | None]] = {
    ("R003", "threshold"): ("r003_threshold", int),
    ("R003", "procurement_methods"): ("r003_methods", None),
    ("R018", "procurement_methods"): ("r018_methods", None),
    ("R024", "threshold"): ("r024_threshold", float),
    ("R025", "percentile"): ("r025_percentile", float),
    ("R025", "threshold"): ("r025_threshold", float),
    ("R035", "threshold"): ("r035_threshold", int),
    ("R038", "threshold"): ("r038_threshold", float),
    ("R038", "minimum_submitted_bids"): ("r038_minimum_submitted_bids", int),
    ("R038", "minimum_contracting_processes"): ("r038_minimum_contracting_processes", int),
    ("R048", "threshold"): ("r048_threshold", float),
    ("R048", "digits"): ("r048_digits", int),
    ("R048", "minimum_contracting_processes"): ("r048_minimum_contracting_processes", int),
    ("R058", "threshold"): ("r058_threshold", float),
}

#: Indonesian settings readable from an INI file: ``[code]`` key → (attribute, type).
_INDONESIA_KEYS: dict[tuple[str, str], tuple[str, type[int] | type[float]]] = {
    ("ID-SPLIT", "window_days"): ("split_window_days", int),
    ("ID-NEAR-HPS", "margin"): ("near_hps_margin", float),
    ("ID-ICW", "flag_score"): ("icw_flag_score", int),
    ("ID-SUPPLIER-SHARE", "share"): ("concentration_share", float),
    ("ID-SUPPLIER-SHARE", "minimum_processes"): ("concentration_minimum_processes", int),
    ("ID-REPEAT-DIRECT", "minimum"): ("repeat_direct_minimum", int),
    ("ID-ECAT-SHARE", "share"): ("ecatalog_share", float),
    ("ID-ECAT-SHARE", "minimum_orders"): ("ecatalog_minimum_orders", int),
}


def _where(error: configparser.Error) -> str:
    """``, line N: 'text'`` of a parsing error (line numbers of the file, not of the parsed text)."""
    errors = getattr(error, "errors", None)
    line = getattr(error, "lineno", None)
    content = getattr(error, "line", None)
    if errors:
        line, content = errors[0]
    if not isinstance(line, int):
        return ""
    if content is None:
        return f", line {line - 1}"
    shown = str(content).strip().strip("'").removesuffix("\\n").strip()  # ParsingError gives a repr
    return f", line {line - 1}: {shown!r}"


def parse_ini(text: str, *, base: Settings, name: str = "<settings>") -> Settings:
    """Settings from the text of a Cardinal-style INI file, on top of ``base`` (see :meth:`Settings.from_ini`)."""
    parser = configparser.ConfigParser(inline_comment_prefixes=("#", ";"), interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive values
    try:
        parser.read_string("[__top__]\n" + text, source=name)
    except configparser.Error as exc:
        raise SettingsError(f"{name}{_where(exc)}: not a usable settings file ({type(exc).__name__})") from None
    top = parser["__top__"]
    settings = base
    if "currency" in top:
        settings = replace(settings, currency=top["currency"].strip() or None)
    if "no_price_comparison_procurement_methods" in top:
        settings = replace(settings, no_price_comparison=_pipe(top["no_price_comparison_procurement_methods"]))
    if "price_comparison_procurement_methods" in top:
        settings = replace(settings, price_comparison=_pipe(top["price_comparison_procurement_methods"]))
    if "bid_procurement_method_details" in top:
        settings = replace(settings, bid_methods=_pipe(top["bid_procurement_method_details"]) or None)
    if parser.has_option("exclusions", "procurement_method_details"):
        settings = replace(settings, exclusions=_pipe(parser["exclusions"]["procurement_method_details"]))
    cardinal = settings.cardinal
    present = [code for code in CARDINAL_CODES if parser.has_section(code)]
    if present:
        cardinal = replace(cardinal, enabled=frozenset(present))
    changes: dict[str, Any] = {}
    for (section, key), (attribute, kind) in _CARDINAL_KEYS.items():
        if parser.has_option(section, key):
            raw = parser[section][key]
            changes[attribute] = _pipe(raw) if kind is None else _number(name, section, raw, kind)
    if parser.has_section("R003.procurement_method_details"):
        details = parser["R003.procurement_method_details"]
        changes["r003_method_details"] = {
            key: _number(name, "R003.procurement_method_details", details[key], int) for key in details
        }
    cardinal = replace(cardinal, **changes)
    settings = replace(settings, cardinal=cardinal)
    indonesia = settings.indonesia
    if indonesia is not None:
        id_changes: dict[str, Any] = {}
        for (section, key), (attribute, kind) in _INDONESIA_KEYS.items():
            if parser.has_option(section, key):
                id_changes[attribute] = _number(name, section, parser[section][key], kind)
        ceilings = indonesia.pl_ceiling
        for section_name in parser.sections():
            head, _, year = section_name.partition(".")
            if head == "ID-PL-CEILING" and year.isdigit():
                values = {key: _number(name, section_name, raw, float) for key, raw in parser[section_name].items()}
                ceilings = ceilings.with_year(int(year), {**ceilings.get(int(year)), **values})
        id_changes["pl_ceiling"] = ceilings
        settings = replace(settings, indonesia=dataclasses.replace(indonesia, **id_changes))
    return settings


def cardinal_profile() -> Settings:
    """Cardinal's defaults: its 11 indicators, nothing Indonesian."""
    return Settings(profile="cardinal")


#: ``procurementMethodDetails`` of processes that are not purchases on a market: self-managed work
#: (swakelola) and packages exempted from the procurement regulation (dikecualikan).
INDONESIA_EXCLUSIONS = frozenset(
    {"Swakelola", "Swakelola Tipe 1", "Swakelola Tipe 2", "Swakelola Tipe 3", "Swakelola Tipe 4", "Dikecualikan"}
)

#: Methods with competing bids: the bid indicators look at these only. A Pengadaan Langsung has one offer
#: that wins; mixing it in makes every fence degenerate (all win ratios 1, all disqualified ratios 0).
INDONESIA_BID_METHODS = frozenset({"Tender", "Tender Cepat", "Seleksi"})

#: Methods whose bid prices are compared. E-Purchasing prices are catalogue prices (no competing bids).
INDONESIA_PRICE_COMPARISON = frozenset(
    {"Tender", "Tender Cepat", "Seleksi", "Pengadaan Langsung", "Penunjukan Langsung"}
)


def indonesia_profile() -> Settings:
    """Cardinal's indicators with Indonesian defaults, and the Indonesian indicators.

    - currency IDR;
    - self-managed work (Swakelola) and exempted packages (Dikecualikan) are left out of every indicator;
    - bid prices are compared for Tender, Tender Cepat, Seleksi, Pengadaan Langsung and Penunjukan
      Langsung only (not for e-Purchasing, whose prices are the catalogue's), and Cardinal's bid indicators
      look at the competitive methods only (Tender, Tender Cepat, Seleksi);
    - R003 runs on open and selective methods, with the minimum of each method (Tender, Seleksi: 2 days;
      Tender Cepat: 1; see :data:`MINIMUM_WORKING_DAYS`) instead of 15 days.
    """
    minimum = MINIMUM_WORKING_DAYS[max(MINIMUM_WORKING_DAYS)]
    details = {"Tender": minimum["tender"], "Seleksi": minimum["seleksi"], "Tender Cepat": minimum["tender cepat"]}
    return Settings(
        profile="indonesia",
        currency="IDR",
        exclusions=INDONESIA_EXCLUSIONS,
        price_comparison=INDONESIA_PRICE_COMPARISON,
        bid_methods=INDONESIA_BID_METHODS,
        cardinal=CardinalSettings(
            r003_method_details=details,
            r003_methods=frozenset({"open", "selective"}),
        ),
        indonesia=IndonesiaSettings(),
    )
