"""The ``fetch`` configuration file (TOML) and where the access codes come from.

```toml
# fetch.toml: what to download from LKPP's ISB for one regency and year
year = 2025
kd_klpd = "D999"          # keys the SiRUP (RUP) and e-Katalog datasets
kd_lpse = 999             # keys the SPSE datasets
# keys_file = "isb-keys.toml"   # access codes, readable by its owner only (chmod 600)
# base_url = "https://isb.lkpp.go.id/isb-2/api"
# timeout = 60            # seconds without data before a request is given up
# max_time = 900          # seconds a whole download may take (a body that trickles in is cut off)
# retries = 4             # further attempts after a failed one (5xx, timeout, cut-off body)
# concurrency = 4         # datasets downloaded at once

[datasets]                # dataset name = its id in the ISB address
"RUP-PaketPenyedia-Terumumkan" = 1234
"SPSE-TenderPengumuman" = 5678
```

Access codes (the ``{key}`` of an ISB address) are secrets: they come from the environment,
``OCDS_REGENCY_ISB_KEY_<DATASET>`` (the name in capitals, other characters as ``_``, e.g.
``OCDS_REGENCY_ISB_KEY_SPSE_TENDERPENGUMUMAN``) or ``OCDS_REGENCY_ISB_KEY`` for every dataset, or
from the ``[keys]`` table of ``keys_file``, which must be readable by its owner only. They never
appear in a message, a log, the manifest or a report.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocds_regency.errors import InputError, OcdsRegencyError
from ocds_regency.isb.datasets import ProcessKind, get_dataset

__all__ = ["DEFAULT_BASE_URL", "DatasetSource", "FetchConfig", "FetchConfigError", "key_variable", "load_config"]

#: The ISB API's base address.
DEFAULT_BASE_URL = "https://isb.lkpp.go.id/isb-2/api"

#: Environment variable giving one access code for every dataset.
KEY_VARIABLE = "OCDS_REGENCY_ISB_KEY"

#: Dataset families keyed by ``kd_klpd`` (SiRUP, e-Katalog, Bela); the SPSE ones by ``kd_lpse``.
_KLPD_KINDS = frozenset({ProcessKind.RUP, ProcessKind.EKATALOG, ProcessKind.BELA})


class FetchConfigError(OcdsRegencyError, ValueError):
    """The configuration or an access code can't be used (the message names the file and field)."""


@dataclass(frozen=True)
class DatasetSource:
    """One dataset to download.

    Attributes:
        name: the ISB dataset name (e.g. ``SPSE-TenderPengumuman``).
        id: its id in the ISB address.
        code: the ``kd_klpd`` or ``kd_lpse`` that keys it.
    """

    name: str
    id: str
    code: str


@dataclass(frozen=True)
class FetchConfig:
    """A parsed ``fetch.toml``.

    Attributes:
        year: the budget year (``tahun``).
        datasets: what to download.
        base_url: the ISB API's base address.
        keys_file: the file holding access codes, if any.
        timeout: seconds without progress before a request is given up.
        max_time: seconds one download may take in all.
        retries: further attempts after a failed one.
        concurrency: datasets downloaded at once.
    """

    year: int
    datasets: tuple[DatasetSource, ...]
    base_url: str = DEFAULT_BASE_URL
    keys_file: Path | None = None
    timeout: float = 60.0
    max_time: float = 900.0
    retries: int = 4
    concurrency: int = 4

    def url(self, source: DatasetSource, key: str) -> str:
        """The address of a dataset (it holds the access code: never show it, see :func:`masked_url`)."""
        base = self.base_url.rstrip("/")
        return f"{base}/{key}/json/{source.id}/{source.name}/tipe/4:12/parameter/{self.year}:{source.code}"

    def masked_url(self, source: DatasetSource) -> str:
        """The address of a dataset with its access code shown as ``***``."""
        return self.url(source, "***")

    def keys(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """The access code of every dataset, from the environment or :attr:`keys_file`.

        Raises:
            FetchConfigError: a dataset has no access code, or the keys file is readable by others.
        """
        env = os.environ if environ is None else environ
        from_file = _read_keys(self.keys_file) if self.keys_file is not None else {}
        keys: dict[str, str] = {}
        missing = []
        for source in self.datasets:
            key = env.get(key_variable(source.name)) or from_file.get(source.name) or env.get(KEY_VARIABLE)
            if not key:
                missing.append(source.name)
                continue
            if not re.fullmatch(r"[A-Za-z0-9._~-]+", key):
                raise FetchConfigError(f"the access code of {source.name} has characters an address can't hold")
            keys[source.name] = key
        if missing:
            raise FetchConfigError(
                f"no access code for {', '.join(missing)}: set {key_variable(missing[0])} (or {KEY_VARIABLE}) "
                "or give keys_file in the configuration"
            )
        return keys


def key_variable(dataset: str) -> str:
    """The environment variable holding a dataset's access code."""
    return f"{KEY_VARIABLE}_{re.sub(r'[^A-Z0-9]+', '_', dataset.upper()).strip('_')}"


def _read_keys(path: Path) -> dict[str, str]:
    try:
        info = path.stat()
    except OSError as exc:
        raise FetchConfigError(f"{path}: can't read the keys file: {exc.strerror}") from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise FetchConfigError(
            f"{path}: the keys file can be read by others (mode {stat.filemode(info.st_mode)}): "
            f"make it readable by its owner only (chmod 600 {path})"
        )
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise FetchConfigError(f"{path}: the keys file belongs to another user")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        # the parser's message may quote the file's content: say only where the problem is
        where = f" ({str(exc).split('(', 1)[-1]}" if "(line" in str(exc) else ""
        raise FetchConfigError(f"{path}: not a readable TOML keys file{where}") from None
    keys = data.get("keys")
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise FetchConfigError(f"{path}: expected a [keys] table of dataset names and access codes (text)")
    return {get_dataset(str(name)).name if _known(str(name)) else str(name): str(v) for name, v in keys.items()}


def _known(name: str) -> bool:
    try:
        get_dataset(name)
    except InputError:
        return False
    return True


def _field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], path: Path) -> Any:
    value = data.get(name)
    if value is not None and not isinstance(value, kind):
        raise FetchConfigError(f"{path}: {name} must be {_kind_name(kind)}, not {value!r}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {int: "a whole number", str: "text", float: "a number", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def load_config(path: str | os.PathLike[str]) -> FetchConfig:
    """Read a ``fetch.toml`` file (see the module docstring).

    Raises:
        FetchConfigError: the file can't be read or a field is missing or unusable (the message names it).
    """
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FetchConfigError(f"{file}: can't read the configuration: {exc.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FetchConfigError(f"{file}: not a TOML file: {exc}") from None
    known = {
        "year",
        "kd_klpd",
        "kd_lpse",
        "keys_file",
        "base_url",
        "timeout",
        "max_time",
        "retries",
        "concurrency",
        "datasets",
    }
    unknown = sorted(set(data) - known)
    if unknown:
        raise FetchConfigError(f"{file}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    year = _field(data, "year", int, file)
    if year is None or not 2000 <= year <= 2100:
        raise FetchConfigError(f"{file}: year must be given, e.g. year = 2025")
    klpd = _field(data, "kd_klpd", str, file)
    lpse = _field(data, "kd_lpse", (int, str), file)
    datasets = _field(data, "datasets", dict, file)
    if not datasets:
        raise FetchConfigError(
            f'{file}: no [datasets] table: name each dataset with its ISB id, e.g. "SPSE-TenderPengumuman" = 5678'
        )
    sources = []
    for name, ident in datasets.items():
        try:
            spec = get_dataset(str(name))
        except InputError as exc:
            raise FetchConfigError(f"{file}: datasets: {exc.message if hasattr(exc, 'message') else exc}") from None
        if not isinstance(ident, int | str) or isinstance(ident, bool) or not str(ident).strip():
            raise FetchConfigError(f"{file}: datasets.{name}: the ISB id must be a number or text, not {ident!r}")
        by_klpd = spec.kind in _KLPD_KINDS
        code = klpd if by_klpd else lpse
        if code is None or not str(code).strip():
            needed = "kd_klpd" if by_klpd else "kd_lpse"
            raise FetchConfigError(f"{file}: {needed} must be given for {spec.name}")
        sources.append(DatasetSource(spec.name, str(ident).strip(), str(code).strip()))
    keys_file = _field(data, "keys_file", str, file)
    timeout = _field(data, "timeout", (int, float), file)
    max_time = _field(data, "max_time", (int, float), file)
    retries = _field(data, "retries", int, file)
    concurrency = _field(data, "concurrency", int, file)
    base_url = _field(data, "base_url", str, file)
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise FetchConfigError(f"{file}: base_url must be an http(s) address, not {base_url!r}")
    limits = (
        ("timeout", timeout, 0),
        ("max_time", max_time, 0),
        ("retries", retries, -1),
        ("concurrency", concurrency, 0),
    )
    for name, value, low in limits:
        if value is not None and value <= low:
            raise FetchConfigError(f"{file}: {name} must be more than {low}, not {value!r}")
    return FetchConfig(
        year=year,
        datasets=tuple(sources),
        base_url=base_url or DEFAULT_BASE_URL,
        keys_file=(file.parent / keys_file) if keys_file else None,
        timeout=float(timeout) if timeout is not None else 60.0,
        max_time=float(max_time) if max_time is not None else 900.0,
        retries=retries if retries is not None else 4,
        concurrency=concurrency if concurrency is not None else 4,
    )
