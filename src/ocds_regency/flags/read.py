"""Compiled releases out of any OCDS input, for the indicators (orchestration, no indicator logic).

- a record package whose records carry a ``compiledRelease`` gives those;
- a file whose first release is already compiled (its ``tag`` has ``"compiled"``, or it has no ``date`` as
  in Cardinal's fixtures) gives its items as they are, one per contracting process;
- anything else :class:`~ocds_regency.compile.Compiler` reads (release packages, record packages with
  embedded releases, releases, JSON Lines…) is merged first, all such inputs together, with the bundled
  rules and extensions.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import ijson

from ocds_regency import codec
from ocds_regency.errors import InputError, OcdsRegencyError
from ocds_regency.read.limits import JsonGuard
from ocds_regency.read.releases import ReleaseReader, SourcedRelease

__all__ = ["compiled_releases"]


def _is_compiled(release: Any) -> bool:
    if not isinstance(release, dict):
        return False
    tag = release.get("tag")
    return (isinstance(tag, list) and "compiled" in tag) or "date" not in release


def _record_kind(name: str) -> str | None:
    """``"compiled"`` for a record package whose first record has a ``compiledRelease``, ``"records"`` for
    another record package, ``None`` for anything else (or what can't be told)."""
    try:
        with open(name, "rb") as stream:
            guarded = JsonGuard(stream, name)  # nesting, number and string limits of every reader
            for number, (prefix, event, _) in enumerate(ijson.parse(guarded, multiple_values=True)):
                if number == 0 and event != "start_map":
                    return None
                if prefix in ("releases", "ocid", "releases.item"):
                    return None
                if prefix == "records.item.compiledRelease" and event == "start_map":
                    return "compiled"
                if prefix == "records.item" and event == "end_map":
                    return "records"
    except (OSError, ijson.JSONError):
        return None
    return None


def _records(name: str) -> Iterator[dict[str, Any]]:
    with open(name, "rb") as stream:
        # the codec's streamed decoder: the limits of every reader, repeated keys refused, integers exact
        for record in codec.items(stream, "records.item", source=name):
            compiled = record.get("compiledRelease") if isinstance(record, dict) else None
            if isinstance(compiled, dict):
                yield compiled


def compiled_releases(
    files: Sequence[str], *, on_error: Callable[[OcdsRegencyError], None] | None = None, merge: bool = True
) -> Iterator[dict[str, Any]]:
    """One compiled release per contracting process in ``files`` (``"-"``: standard input).

    Args:
        files: paths of OCDS inputs.
        on_error: called with each problem of a release or process (the run goes on); default: raise it.
        merge: merge the releases of inputs that are not compiled; with ``False`` such an input is an error
            (a caller that reads the files in parts can't merge a process whose releases are in several).

    Raises:
        InputError: an input can't be read, or (``merge=False``) holds releases that are not compiled (or,
            without ``on_error``, a release can't be merged).
    """
    to_merge: list[Sequence[SourcedRelease] | Iterator[SourcedRelease]] = []
    for name in files:
        if name != "-" and _record_kind(name) == "compiled":
            yield from _records(name)
            continue
        reader = iter(ReleaseReader(name))
        first = next(reader, None)
        if first is None:
            continue
        if _is_compiled(first.release):
            for item in itertools.chain((first,), reader):
                if isinstance(item.release, dict):
                    yield item.release
                elif on_error is not None:
                    on_error(InputError("a compiled release must be a JSON object", source=item.where))
            continue
        if not merge:
            raise InputError(
                "holds releases that are not compiled: compile them first (compile --scheduler)", source=name
            )
        to_merge.append(itertools.chain((first,), reader))
    if not to_merge:
        return
    from ocds_regency.compile import Compiler
    from ocds_regency.mapping import EXTENSIONS
    from ocds_regency.merge.rules import rules_for_profile
    from ocds_regency.standard import load_profile

    compiler = Compiler(rules_for_profile(load_profile(list(EXTENSIONS))), workers=1, on_error=on_error)
    for data in compiler.run(to_merge):
        yield codec.loads(data, nesting=False)  # exactly: a compiled release may hold an integer beyond 64 bits
