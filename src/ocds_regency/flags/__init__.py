"""Red flags: integrity indicators computed on compiled releases, Cardinal's and Indonesia's own.

A flag marks a contracting process (or a buyer, procuring entity or supplier) as worth a second look; it is
never a finding of wrongdoing. Cardinal's 11 indicators (R003 … R058) follow the methodology, exclusions,
fences and settings of the Open Contracting Partnership's Cardinal, and give its results on its fixtures;
the Indonesian ones (``ID-…``) follow Perpres 16/2018 (as amended by Perpres 12/2021 and 46/2025) and ICW's
Potential Fraud Analysis. docs/flags.md describes each indicator, its source and its settings.

```python
from ocds_regency.flags import FlagsRunner, indonesia_profile

runner = FlagsRunner(indonesia_profile())
for compiled_release in releases:       # one per contracting process, any iterable
    runner.add(compiled_release)
report = runner.finish()
report.cardinal()                        # Cardinal's JSON output shape
report.to_dict()                         # flags.json: flags with evidence, coverage, fences
```
"""

from __future__ import annotations

from ocds_regency.flags.fences import Fence, quantile
from ocds_regency.flags.model import Coverage, Flag, FlagsReport, ProcessInfo
from ocds_regency.flags.run import FlagsRunner, compute_flags
from ocds_regency.flags.settings import (
    CARDINAL_CODES,
    ByYear,
    CardinalSettings,
    IndonesiaSettings,
    Settings,
    SettingsError,
    cardinal_profile,
    indonesia_profile,
)

__all__ = [
    "CARDINAL_CODES",
    "ByYear",
    "CardinalSettings",
    "Coverage",
    "Fence",
    "Flag",
    "FlagsReport",
    "FlagsRunner",
    "IndonesiaSettings",
    "ProcessInfo",
    "Settings",
    "SettingsError",
    "cardinal_profile",
    "compute_flags",
    "indonesia_profile",
    "quantile",
]
