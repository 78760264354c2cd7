"""Readers: bytes on disk to iterators of rows with provenance, never whole files in memory.

- :func:`read_isb` (:mod:`ocds_regency.read.isb`): ISB datasets (JSON, JSON Lines, CSV, XLSX) as typed rows.
- :func:`read_tables` (:mod:`ocds_regency.read.tabular`): the generic table layer under it.
- :func:`detect_format`, :func:`detect_dataset` (:mod:`ocds_regency.read.detect`).
- OCDS data, one reader: :class:`~ocds_regency.read.releases.ReleaseReader` streams the releases of any
  input (packages, records, JSON Lines with orjson, big documents with ijson) for ``compile``, ``flatten``,
  the Dask compile and :func:`~ocds_regency.read.releases.read_values`; :func:`open_input`
  (:mod:`ocds_regency.read.documents`) opens an input as one document (kind, metadata, items) for
  ``validate``, streaming big packages release by release. Both decode with the JSON codec's rules
  (:mod:`ocds_regency.codec`, which the typed models use too).

The names are imported on first use, so reading OCDS releases does not load the ISB record models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ocds_regency._lazy import lazy_exports

if TYPE_CHECKING:
    from ocds_regency.read.detect import detect_dataset, detect_format
    from ocds_regency.read.documents import Document, open_input
    from ocds_regency.read.isb import IsbRow, iter_input_files, read_isb
    from ocds_regency.read.tabular import Table, TableRow, read_tables

__all__ = [
    "Document",
    "IsbRow",
    "Table",
    "TableRow",
    "detect_dataset",
    "detect_format",
    "iter_input_files",
    "open_input",
    "read_isb",
    "read_tables",
]

_HOMES = {
    "IsbRow": "isb",
    "iter_input_files": "isb",
    "read_isb": "isb",
    "Table": "tabular",
    "TableRow": "tabular",
    "read_tables": "tabular",
    "detect_dataset": "detect",
    "detect_format": "detect",
    "Document": "documents",
    "open_input": "documents",
}


__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals(), __all__)
