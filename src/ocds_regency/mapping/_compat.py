"""TEMPORARY stand-in for the ISB reader (``ocds_regency.read.read_isb``): ISB JSON arrays only.

Reading files with provenance belongs to :mod:`ocds_regency.read`, which is being written at the same
time; until ``read_isb`` lands, this private module reads ISB JSON arrays. It will be deleted once the
real reader exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from ocds_regency.errors import InputError

__all__ = ["read_json_rows"]


def read_json_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(row number from 1, row)`` from an ISB JSON array file."""
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc}", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"can't read: {exc.strerror}", source=str(path)) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError("an ISB dataset is a JSON array of objects", source=str(path))
    for number, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise InputError("an ISB dataset is a JSON array of objects", source=str(path), position=f"row {number}")
        yield number, row
