"""The compile engine: releases from any inputs to one compiled release, versioned release or record per ocid.

This is the orchestration around the merge algorithms of :mod:`ocds_regency.merge` (which know nothing of
files, processes or packages), and what ``ocds-regency compile`` runs:

* :mod:`~ocds_regency.compile.engine`: :class:`Compiler`, the run: reads inputs, checks their OCDS version,
  groups releases by ocid, merges small inputs in this process and large ones on worker processes (a large
  file of JSON Lines grouped by ocid in ranges that the workers read themselves), reports problems and
  yields the output in ocid order;
* :mod:`~ocds_regency.compile.group`: :class:`~ocds_regency.compile.group.Grouper`, grouping by ocid in
  bounded memory (spilling to SQLite);
* :mod:`~ocds_regency.compile.work`: :class:`~ocds_regency.compile.work.GroupMerger`, the state of a run's
  merging (one object per run, copied into its workers), from a group of releases to output bytes;
* :mod:`~ocds_regency.compile.pool`: the worker processes and their pipes.

```python
from ocds_regency.compile import Compiler, Output
from ocds_regency.merge.rules import rules_for_profile
from ocds_regency.read.releases import ReleaseReader

compiler = Compiler(rules_for_profile(), output=Output.RECORD, on_error=print)
for line in compiler.run([ReleaseReader("releases.jsonl")]):
    ...
```
"""

from __future__ import annotations

from ocds_regency.compile.engine import Compiler, VersionMismatchError, default_workers, range_workers
from ocds_regency.compile.work import Output

__all__ = ["Compiler", "Output", "VersionMismatchError", "default_workers", "range_workers"]
