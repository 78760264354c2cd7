"""ocds-regency: publish and check Indonesian public-procurement data in OCDS 1.1.5.

The pipeline reads LKPP ISB datasets (SiRUP, SPSE/LPSE, e-Katalog), models them, maps them to OCDS
releases, validates, merges and packages them. Each stage is a subpackage; the names most users need are
re-exported here::

    import ocds_regency

    conversion = ocds_regency.convert(["isb/2025/"], prefix="ocds-a1b2c3")  # read + map
    report = ocds_regency.validate("release-package.json", lang="id")      # validate: report.ok, findings
    ocds_regency.assert_valid("release-package.json")                      # ... or raise if invalid
    compiled = ocds_regency.Merger().create_compiled_release(releases)     # merge (dicts or models)
    metadata = ocds_regency.PackageMetadata(publisher=ocds_regency.Publisher("Kab. Contoh"))  # what packages say
    package = ocds_regency.compile_package(releases, metadata)               # records, in one call
    options = ocds_regency.PublishOptions(prefix="ocds-a1b2c3", out_dir="out/")
    result = ocds_regency.publish(["isb/2025/"], metadata, options)         # convert ... publish
    flags = ocds_regency.compute_flags(compiled_releases)                  # red flags

| stage | module |
| --- | --- |
| the standard, bundled | :mod:`ocds_regency.standard` |
| read | :mod:`ocds_regency.read` |
| local records and parsers | :mod:`ocds_regency.isb` |
| typed OCDS objects | :mod:`ocds_regency.models` |
| map | :mod:`ocds_regency.mapping` |
| validate | :mod:`ocds_regency.validate` |
| merge | :mod:`ocds_regency.merge` |
| package and write | :mod:`ocds_regency.package`, :mod:`ocds_regency.write` |
| red flags | :mod:`ocds_regency.flags` |
| publish | :mod:`ocds_regency.pipeline`, :mod:`ocds_regency.reporting` |

Names are imported on first use, so ``import ocds_regency`` stays cheap. ``ocds_regency.validate`` is the
validation function (the :mod:`ocds_regency.validate` subpackage is callable too, so the name works
whichever Python finds first); ``ocds_regency.compile_package`` turns releases into a record package in one
call.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ocds_regency._lazy import lazy_exports
from ocds_regency.errors import OcdsRegencyError, OcdsRegencyWarning

if TYPE_CHECKING:
    from ocds_regency.flags import compute_flags
    from ocds_regency.mapping import Conversion, convert
    from ocds_regency.merge import Merger
    from ocds_regency.models import Record, RecordPackage, Release, ReleasePackage
    from ocds_regency.package import PackageMetadata, Publisher, compile_package
    from ocds_regency.pipeline import PublishOptions, PublishResult, publish
    from ocds_regency.read import read_isb
    from ocds_regency.standard import Profile, load_profile
    from ocds_regency.validate import Finding, Report, assert_valid, validate

__version__: str  # the installed version, read on first use (importlib.metadata costs ~50 ms to import)

__all__ = [
    "Conversion",
    "Finding",
    "Merger",
    "OcdsRegencyError",
    "OcdsRegencyWarning",
    "PackageMetadata",
    "Profile",
    "PublishOptions",
    "PublishResult",
    "Publisher",
    "Record",
    "RecordPackage",
    "Release",
    "ReleasePackage",
    "Report",
    "__version__",
    "assert_valid",
    "compile_package",
    "compute_flags",
    "convert",
    "load_profile",
    "publish",
    "read_isb",
    "validate",
]

_LAZY = {
    "Conversion": "mapping",
    "convert": "mapping",
    "Merger": "merge",
    "Record": "models",
    "RecordPackage": "models",
    "Release": "models",
    "ReleasePackage": "models",
    "PublishOptions": "pipeline",
    "PublishResult": "pipeline",
    "publish": "pipeline",
    "read_isb": "read",
    "Finding": "validate",
    "Report": "validate",
    "assert_valid": "validate",
    "compile_package": "package",
    "PackageMetadata": "package",
    "Publisher": "package",
    "compute_flags": "flags",
    "Profile": "standard",
    "load_profile": "standard",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # imported here: see __version__

    try:
        return version("ocds-regency")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "0+unknown"


_lazy_getattr, __dir__ = lazy_exports(__name__, _LAZY, globals(), __all__)


def __getattr__(name: str) -> Any:
    if name == "validate":
        # The subpackage, which is callable as its validate() function: one object whichever way the
        # name is reached (``ocds_regency.validate(...)``, ``import ocds_regency.validate as v``).
        return importlib.import_module("ocds_regency.validate")
    if name == "__version__":
        value = globals()["__version__"] = _version()
        return value
    return _lazy_getattr(name)
