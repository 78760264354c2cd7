"""ocds-regency: publish and check Indonesian public-procurement data in OCDS 1.1.5.

The pipeline reads LKPP ISB datasets (SiRUP, SPSE/LPSE, e-Katalog), models them, maps them to OCDS
releases, validates, merges and packages them. Each stage is a subpackage:
:mod:`ocds_regency.standard` (bundled schemas), :mod:`ocds_regency.models` (typed OCDS objects), and
the stages that build on them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ocds_regency.errors import OcdsRegencyError, OcdsRegencyWarning
from ocds_regency.standard import Profile, load_profile

try:
    __version__ = version("ocds-regency")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    __version__ = "0+unknown"

__all__ = ["OcdsRegencyError", "OcdsRegencyWarning", "Profile", "__version__", "load_profile"]
