"""Dask's modules, imported only when a function needs them (the ``dask`` extra may be missing)."""

from __future__ import annotations

import importlib
from typing import Any

from ocds_regency.errors import OcdsRegencyError

__all__ = ["DaskUnavailableError"]

_INSTALL = "pip install 'ocds-regency[dask]'"


class DaskUnavailableError(OcdsRegencyError, ImportError):
    """The ``dask`` extra is not installed."""


def _module(name: str, purpose: str = "running on Dask") -> Any:
    """The module ``name`` of the ``dask`` extra, imported now; one clear error naming the extra if it is missing."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise DaskUnavailableError(f"{purpose} needs the dask extra: {_INSTALL}") from None


def _distributed() -> Any:
    return _module("distributed")


def _bag() -> Any:
    return _module("dask.bag")


def _dask() -> Any:
    return _module("dask")


def _fsspec() -> Any:
    return _module("fsspec", "reading and writing URLs")
