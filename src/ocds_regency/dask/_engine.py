"""Dask's modules, imported only when a function needs them (the ``dask`` extra may be missing)."""

from __future__ import annotations

from typing import Any

from ocds_regency.errors import OcdsRegencyError

__all__ = ["DaskUnavailableError"]

_INSTALL = "pip install 'ocds-regency[dask]'"


class DaskUnavailableError(OcdsRegencyError, ImportError):
    """The ``dask`` extra is not installed."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskUnavailableError(f"running on Dask needs the dask extra: {_INSTALL}") from None
    return distributed


def _bag() -> Any:
    try:
        import dask.bag
    except ImportError:
        raise DaskUnavailableError(f"running on Dask needs the dask extra: {_INSTALL}") from None
    return dask.bag


def _dask() -> Any:
    try:
        import dask
    except ImportError:
        raise DaskUnavailableError(f"running on Dask needs the dask extra: {_INSTALL}") from None
    return dask


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError:
        raise DaskUnavailableError(f"reading and writing URLs needs the dask extra: {_INSTALL}") from None
    return fsspec
