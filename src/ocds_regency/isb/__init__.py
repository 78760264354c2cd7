"""The Indonesian local side: value parsers, typed ISB records and the dataset registry.

- :mod:`ocds_regency.isb.parse`: value parsers (Rupiah, dates, NPWP/NIK, codes, lists, HTML).
- :mod:`ocds_regency.isb.datasets`: :data:`DATASETS` (name → :class:`Dataset`: record class, kind, keys,
  identity, use), :class:`ProcessKind`, :func:`detect_dataset`.
- Records, one class per dataset: :mod:`~ocds_regency.isb.rup`, :mod:`~ocds_regency.isb.spse`,
  :mod:`~ocds_regency.isb.ekontrak`, :mod:`~ocds_regency.isb.ecat`. Each is a pydantic model
  (``Record.model_validate(raw)`` is strict); :meth:`Dataset.parse` is the tolerant path the readers use.

Reading files (JSON, JSON Lines, CSV, XLSX) is :func:`ocds_regency.read.read_isb`.
"""

from ocds_regency.isb._base import FieldIssue, IsbRecord, ParseOptions, normalise_header, parse_record
from ocds_regency.isb.datasets import DATASETS, Dataset, ParsedRow, ProcessKind, Use, detect_dataset, get_dataset

__all__ = [
    "DATASETS",
    "Dataset",
    "FieldIssue",
    "IsbRecord",
    "ParseOptions",
    "ParsedRow",
    "ProcessKind",
    "Use",
    "detect_dataset",
    "get_dataset",
    "normalise_header",
    "parse_record",
]
