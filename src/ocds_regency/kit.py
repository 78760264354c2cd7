"""ocdskit's package tools, through ocdskit's library: package, combine, split, detect the format, upgrade.

The ``ocds-regency`` commands ``package-releases``, ``combine-release-packages``,
``combine-record-packages``, ``split-release-packages``, ``split-record-packages``, ``detect-format`` and
``upgrade`` are thin shells over this module, which reads and writes as ``ocdskit`` does (so the output is
the same, byte for byte) and leaves the OCDS work to :mod:`ocdskit.combine`, :mod:`ocdskit.upgrade` and
:func:`ocdskit.util.detect_format`:

- input: files or standard input, each holding JSON values one after another (JSON Lines, concatenated
  JSON, or one value); ``root_path`` picks the values inside each (e.g. ``releases.item``); a JSON array
  read at the root counts as its items. They are read by the readers' shared streamed decoder
  (:func:`ocds_regency.codec.items`), with its errors and exactness: the limits of every reader, a key repeated
  with another value refused naming the file and item, integers of any size and decimals exact (as
  :class:`~decimal.Decimal`, as ocdskit reads them);
- output: one JSON value per line (JSON Lines), or indented with ``pretty``.

```python
from ocds_regency import kit

for package in kit.read_items(["a.json", "b.json"]):
    ...
print(kit.dumps(kit.combine_release_packages(kit.read_items(["a.json"]))))
```
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import ijson

from ocds_regency import codec
from ocds_regency.errors import InputError, OcdsRegencyError
from ocds_regency.package import PackageMetadata
from ocds_regency.read.limits import JsonGuard
from ocds_regency.read.releases import open_source

__all__ = [
    "UPGRADED_VERSION",
    "KitError",
    "combine_record_packages",
    "combine_release_packages",
    "describe_format",
    "dumps",
    "package_releases",
    "read_items",
    "split_packages",
    "upgrade",
    "upgrade_record_10_11",
    "upgrade_release_10_11",
]


class KitError(OcdsRegencyError):
    """An ocdskit tool can't do what was asked (e.g. an unsupported upgrade)."""


#: The OCDS version that :func:`upgrade_release_10_11` and :func:`upgrade_record_10_11` upgrade to.
UPGRADED_VERSION = "1.1"


def _package_kwargs(metadata: PackageMetadata, fake: bool) -> dict[str, Any]:
    """Keyword arguments for :func:`ocdskit.combine.package_releases` and friends, as ocdskit's options give
    them: what ``metadata`` leaves out is empty (``--fake``: a placeholder uri and date)."""
    uri, published_date = metadata.uri or "", metadata.published_date or ""
    if fake:
        uri = uri or "placeholder:"
        published_date = published_date or "9999-01-01T00:00:00Z"
    return {
        "uri": uri,
        "publisher": metadata.publisher.as_json() if metadata.publisher is not None else {},
        "published_date": published_date,
        "version": metadata.version,
    }


class _Recoded:
    """A binary stream re-encoded to UTF-8 from another encoding (ocdskit's ``--encoding``)."""

    def __init__(self, stream: IO[bytes], encoding: str) -> None:
        self._stream = stream
        self._encoding = encoding

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size).decode(self._encoding).encode("utf-8")


def read_items(
    sources: Iterable[str] = ("-",),
    *,
    root_path: str = "",
    encoding: str | None = None,
    arrays: bool = True,
    map_type: type[dict[str, Any]] = dict,
) -> Iterator[Any]:
    """Yield the JSON values of each source in turn (``"-"`` is standard input), as ocdskit reads them.

    Values are read by the readers' shared streamed decoder (:func:`ocds_regency.codec.items`): numbers
    with a fraction are :class:`~decimal.Decimal` (written back as they were by :func:`dumps`), integers of any
    size exact, a key repeated in one object with another value refused.

    Args:
        sources: file names, ``"-"`` for standard input.
        root_path: the ijson prefix of the values to yield within each input (``""``: the top-level values).
        encoding: the input's encoding, if not UTF-8.
        arrays: yield the items of a JSON array instead of the array (as ocdskit's OCDS commands do).
        map_type: the type of the objects built (e.g. :class:`collections.OrderedDict`).

    Raises:
        InputError: a source can't be opened, isn't valid JSON, breaks a limit of every reader or repeats a key
            with another value (the message names it and the position).
    """
    for source in sources:
        name = "<stdin>" if source == "-" else source
        stream, close = open_source(source, name)
        try:
            readable: Any = stream if encoding in (None, "utf-8") else _Recoded(stream, encoding)
            values = codec.items(readable, root_path, source=name, decimals=True, several=True, map_type=map_type)
            for value in values:
                if arrays and isinstance(value, list):
                    yield from value
                else:
                    yield value
        except (UnicodeDecodeError, LookupError) as exc:
            hint = "utf-8" if encoding and encoding.lower() == "iso-8859-1" else "iso-8859-1"
            raise InputError(f"encoding error: {exc}; try --encoding {hint}", source=name) from None
        finally:
            if close:
                stream.close()


def dumps(data: Any, *, pretty: bool = False, ascii: bool = False) -> str:
    """JSON text as ocdskit prints it (compact on one line, or indented by 2 with ``pretty``)."""
    from ocdskit.util import json_dumps

    kwargs: dict[str, Any] = {}
    if pretty:
        kwargs["indent"] = 2
    if ascii:
        kwargs["ensure_ascii"] = True
    try:
        text: str = json_dumps(data, **kwargs)
    except TypeError:  # orjson refuses integers beyond 64 bits: ocdskit's json path writes them exactly
        text = json_dumps(data, **kwargs, allow_nan=True)  # any other argument takes that path; NaN can't be read
    return text


def iterdumps(data: Any, *, pretty: bool = False, ascii: bool = False) -> Iterator[str]:
    """Like :func:`dumps`, in pieces, without building the whole text (a package of a generator of releases)."""
    from ocdskit.util import iterencode

    kwargs: dict[str, Any] = {}
    if pretty:
        kwargs["indent"] = 2
    if ascii:
        kwargs["ensure_ascii"] = True
    yield from iterencode(data, **kwargs)


def package_releases(
    releases: Iterable[Any], metadata: PackageMetadata, extensions: Iterable[str] = (), *, fake: bool = False
) -> dict[str, Any]:
    """A release package of ``releases`` (:func:`ocdskit.combine.package_releases`).

    Args:
        releases: the releases.
        metadata: the package's metadata (ocdskit leaves what it does not give empty).
        extensions: extension URLs to declare (after those of ``metadata``).
        fake: a placeholder ``uri`` and ``publishedDate`` where ``metadata`` gives none (``--fake``).
    """
    from ocdskit.combine import package_releases as kit_package_releases

    declared = list(dict.fromkeys([*metadata.extensions, *extensions]))
    package: dict[str, Any] = kit_package_releases(releases, extensions=declared, **_package_kwargs(metadata, fake))
    return package


def combine_release_packages(
    packages: Iterable[Any], metadata: PackageMetadata, *, fake: bool = False
) -> dict[str, Any]:
    """One release package of the releases of ``packages`` (:func:`ocdskit.combine.combine_release_packages`)."""
    from ocdskit.combine import combine_release_packages as kit_combine

    package: dict[str, Any] = kit_combine(_checked(packages, "releases"), **_package_kwargs(metadata, fake))
    return package


def combine_record_packages(
    packages: Iterable[Any], metadata: PackageMetadata, *, fake: bool = False
) -> dict[str, Any]:
    """One record package of the records of ``packages`` (:func:`ocdskit.combine.combine_record_packages`)."""
    from ocdskit.combine import combine_record_packages as kit_combine

    package: dict[str, Any] = kit_combine(_checked(packages, "records"), **_package_kwargs(metadata, fake))
    return package


def _checked(packages: Iterable[Any], key: str) -> Iterator[Any]:
    for number, package in enumerate(packages, 1):
        if not isinstance(package, dict) or not isinstance(package.get(key), list):
            kind = "release" if key == "releases" else "record"
            raise KitError(f"input value {number} is not a {kind} package (no `{key}` array)")
        yield package


def split_packages(packages: Iterable[Any], key: str, size: int) -> Iterator[dict[str, Any]]:
    """Each package cut into packages of at most ``size`` releases or records (ocdskit's ``split-*``).

    A record package loses its ``packages`` list, since it can't tell which records came from which.
    """
    if size < 1:
        raise KitError("the size must be at least 1")
    for package in _checked(packages, key):
        items = package[key]
        if key == "records":
            package.pop("packages", None)
        for start in range(0, len(items), size):
            yield {**package, key: items[start : start + size]}


@contextlib.contextmanager
def _guarded(path: str, mode: str) -> Iterator[JsonGuard]:
    """The file, read through the limits of every reader (for ocdskit's ``reader=``)."""
    with open(path, mode) as stream:
        yield JsonGuard(stream, path)


def describe_format(path: str | os.PathLike[str], root_path: str = "") -> str:
    """What ``path`` holds, in ocdskit's words: ``release package``, ``a JSON array of releases``...

    Raises:
        KitError: the format can't be told (the message says why).
    """
    from ocdskit.exceptions import UnknownFormatError
    from ocdskit.util import detect_format

    try:
        detected, concatenated, array = detect_format(str(path), root_path, reader=_guarded)
    except UnknownFormatError as exc:
        raise KitError(f"{path}: unknown ({exc})") from None
    except InputError as exc:  # a limit of every reader (nesting, numbers, strings)
        raise KitError(f"{path}: unknown ({exc.message})") from None
    except ijson.common.IncompleteJSONError as exc:
        raise KitError(f"{path}: unknown (invalid JSON: {str(exc).strip()})") from None
    text = str(detected)
    if array:
        text = f"a JSON array of {text}s"
    if concatenated:
        text = f"concatenated JSON, starting with {text}"
    return text


def upgrade(versions: str) -> Callable[..., Any]:
    """ocdskit's upgrade function for ``"1.0:1.1"`` and the like (called with the data and ``reorder=``).

    Raises:
        KitError: ocdskit can't upgrade (or downgrade) between these versions.
    """
    from ocdskit import upgrade as kit_upgrade

    old, _, new = versions.partition(":")
    direction = "up" if old < new else "down"
    function = getattr(kit_upgrade, f"upgrade_{versions.replace('.', '').replace(':', '_')}", None)
    if not new or function is None:
        raise KitError(f"{direction}grade from {versions.replace(':', ' to ')} is not supported")
    upgrader: Callable[..., Any] = function
    return upgrader


def upgrade_release_10_11(release: dict[str, Any]) -> dict[str, Any]:
    """An OCDS 1.0 release upgraded to 1.1 in place with ocdskit (parties, amendments, transactions)."""
    from ocdskit.upgrade import upgrade_release_10_11 as kit_upgrade

    kit_upgrade(release, reorder=False)
    return release


def upgrade_record_10_11(record: dict[str, Any]) -> dict[str, Any]:
    """An OCDS 1.0 record upgraded to 1.1 in place with ocdskit."""
    from ocdskit.upgrade import upgrade_record_10_11 as kit_upgrade

    kit_upgrade(record, reorder=False)
    return record
