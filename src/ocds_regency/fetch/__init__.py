"""Download a regency's ISB datasets into a folder that ``publish`` and ``convert`` read as is.

```python
from ocds_regency.fetch import fetch, load_config

result = fetch(load_config("fetch.toml"), "isb-data/2025/")
result.ok                      # False when a dataset could not be fetched (its previous copy is kept)
for outcome in result.datasets:
    print(outcome.name, outcome.status, outcome.message)
```

Each dataset is saved as ``<dataset>.json`` exactly as the server sent it, after checking that it is
the dataset: a ``200`` answer that is an HTML page, a JSON error object, truncated JSON, another content
type, or an empty body (or an empty list where the previous copy had rows) is refused, and the previous
copy stays. Files are written atomically (a temporary file renamed into place). ``manifest.json``
records, per dataset, the address with its access code masked, when it was fetched, its rows, bytes and
SHA-256, and the validators (``ETag``, ``Last-Modified``) used for conditional requests next time.

Requests have timeouts, are retried a bounded number of times on transient failures (5xx, 429,
timeouts, cut-off bodies) with exponential backoff and jitter, and at most ``concurrency`` run at
once. An interrupted run is resumed: datasets it completed are not downloaded again.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import os
import random
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import httpx

from ocds_regency import __version__, codec
from ocds_regency.errors import OcdsRegencyError
from ocds_regency.fetch.config import DatasetSource, FetchConfig, FetchConfigError, key_variable, load_config
from ocds_regency.write import dumps

__all__ = [
    "MANIFEST",
    "DatasetOutcome",
    "FetchConfig",
    "FetchConfigError",
    "FetchError",
    "FetchProgress",
    "FetchResult",
    "fetch",
    "key_variable",
    "load_config",
]

#: The manifest's file name, beside the datasets (``publish`` and ``convert`` skip it).
MANIFEST = "manifest.json"

#: ``progress(dataset, status, done, total, bytes_so_far)``: called as datasets finish.
FetchProgress = Callable[[str, str, int, int, int], None]

Status = Literal["downloaded", "not-modified", "resumed", "failed"]

_CHUNK = 65536
_MAX_RETRY_AFTER = 300.0


class FetchError(OcdsRegencyError):
    """The download folder can't be used."""


class _RefusedError(Exception):
    """The answer is not the dataset; ``retry`` when trying again may help."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry
        self.wait: float | None = None


@dataclass(frozen=True)
class DatasetOutcome:
    """What happened to one dataset.

    Attributes:
        name: the dataset.
        status: ``downloaded``, ``not-modified`` (the server said the copy is current), ``resumed``
            (downloaded by the interrupted run this one resumed) or ``failed`` (the previous copy, if
            any, is kept).
        message: why it failed (the access code masked), or ``""``.
        rows: rows in the copy on disk (``None`` if there is none).
        bytes: its size.
        sha256: its SHA-256.
        attempts: requests made.
    """

    name: str
    status: Status
    message: str = ""
    rows: int | None = None
    bytes: int | None = None
    sha256: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch` did.

    Attributes:
        datasets: one outcome per dataset, in the configuration's order.
        manifest: the manifest written.
    """

    datasets: tuple[DatasetOutcome, ...]
    manifest: Path

    @property
    def ok(self) -> bool:
        """Every dataset is current."""
        return all(d.status != "failed" for d in self.datasets)

    @property
    def exit_code(self) -> int:
        """``0`` when every dataset is current, ``1`` when some failed (their previous copies kept)."""
        return 0 if self.ok else 1


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _write_atomic(path: Path, data: bytes) -> None:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = codec.fast_loads(path.read_bytes())  # our own manifest
    except (OSError, codec.FastDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _sha256(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def _summary_of_error(payload: Mapping[str, Any]) -> str:
    for key in ("message", "error", "msg", "status", "detail"):
        value = payload.get(key)
        if isinstance(value, str | int | bool) and str(value).strip():
            return f"{key}: {str(value).strip()[:120]}"
    return "keys " + ", ".join(sorted(map(str, payload))[:5])


def _count_rows(path: Path) -> int:
    """Rows of a downloaded dataset; refuse what is not a JSON list of objects."""
    data = path.read_bytes()
    if not data.strip():
        raise _RefusedError("an empty body instead of the dataset", retry=True)
    try:
        value = codec.fast_loads(data)  # a probe: the rows are read later by read_isb, with the codec's rules
    except codec.FastDecodeError:
        head = data.lstrip()[:1]
        if head == b"<":
            raise _RefusedError("an HTML page instead of the dataset", retry=False) from None
        raise _RefusedError("truncated or invalid JSON", retry=True) from None
    if isinstance(value, dict):
        raise _RefusedError(f"a JSON error instead of the dataset ({_summary_of_error(value)})", retry=False)
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        raise _RefusedError("JSON that is not a list of rows", retry=False)
    return len(value)


class _Fetcher:
    def __init__(
        self, config: FetchConfig, folder: Path, keys: Mapping[str, str], client: httpx.Client, backoff: float
    ) -> None:
        self.config = config
        self.folder = folder
        self.keys = keys
        self.client = client
        self.backoff = backoff
        self.secrets = tuple(keys.values())
        self._random = random.Random()
        self._lock = threading.Lock()

    def mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def one(self, source: DatasetSource, previous: Mapping[str, Any]) -> tuple[DatasetOutcome, dict[str, Any]]:
        target = self.folder / f"{source.name}.json"
        url = self.config.url(source, self.keys[source.name])
        attempts = 0
        message = ""
        while attempts <= self.config.retries:
            attempts += 1
            try:
                return self._attempt(source, url, target, previous, attempts)
            except _RefusedError as refused:
                message = self.mask(str(refused))
                if not refused.retry or attempts > self.config.retries:
                    break
                delay = self.backoff * 2 ** (attempts - 1)
                with self._lock:
                    delay += self._random.uniform(0, delay)  # jitter: clients don't retry in step
                time.sleep(min(refused.wait if refused.wait is not None else delay, _MAX_RETRY_AFTER))
        kept = " the previous copy is kept" if target.exists() else " there is no previous copy"
        outcome = DatasetOutcome(
            source.name,
            "failed",
            f"{message} (after {attempts} attempt{'s' if attempts > 1 else ''});{kept}",
            previous.get("rows") if target.exists() else None,
            previous.get("bytes") if target.exists() else None,
            previous.get("sha256") if target.exists() else None,
            attempts,
        )
        entry = dict(previous) if target.exists() else {}
        entry.update(
            {"url": self.config.masked_url(source), "status": "failed", "message": outcome.message, "attempted": _now()}
        )
        return outcome, entry

    def _attempt(
        self, source: DatasetSource, url: str, target: Path, previous: Mapping[str, Any], attempt: int
    ) -> tuple[DatasetOutcome, dict[str, Any]]:
        headers = {"Accept": "application/json"}
        if target.exists():
            if previous.get("etag"):
                headers["If-None-Match"] = str(previous["etag"])
            if previous.get("last_modified"):
                headers["If-Modified-Since"] = str(previous["last_modified"])
        deadline = time.monotonic() + self.config.max_time  # a body that trickles in is cut off too
        fd, part_name = tempfile.mkstemp(prefix=f".{source.name}.json.", suffix=".part", dir=self.folder)
        part = Path(part_name)
        try:
            with os.fdopen(fd, "wb") as stream:
                try:
                    with self.client.stream("GET", url, headers=headers) as response:
                        status = response.status_code
                        if status == 304 and target.exists():
                            entry = dict(previous)
                            entry.update(
                                {"url": self.config.masked_url(source), "status": "not-modified", "checked": _now()}
                            )
                            return (
                                DatasetOutcome(
                                    source.name,
                                    "not-modified",
                                    rows=previous.get("rows"),
                                    bytes=previous.get("bytes"),
                                    sha256=previous.get("sha256"),
                                    attempts=attempt,
                                ),
                                entry,
                            )
                        if status in (404, 410):
                            raise _RefusedError(f"the server no longer has this dataset (HTTP {status})", retry=False)
                        if status in (401, 403):
                            raise _RefusedError(
                                f"access refused (HTTP {status}): check the access code {key_variable(source.name)}",
                                retry=False,
                            )
                        if status == 429 or status >= 500:
                            refused = _RefusedError(f"the server answered HTTP {status}", retry=True)
                            refused.wait = _retry_after(response.headers.get("Retry-After"))
                            raise refused
                        if status != 200:
                            raise _RefusedError(f"unexpected answer HTTP {status}", retry=False)
                        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                        if "html" in kind:
                            raise _RefusedError(f"an HTML page instead of the dataset (served as {kind})", retry=False)
                        if kind and "json" not in kind:
                            raise _RefusedError(f"not JSON (served as {kind})", retry=False)
                        digest = hashlib.sha256()
                        size = 0
                        for chunk in response.iter_bytes():  # decoded, as it arrives (for the deadline)
                            stream.write(chunk)
                            digest.update(chunk)
                            size += len(chunk)
                            if time.monotonic() > deadline:
                                raise _RefusedError("the body came in too slowly and was cut off", retry=True)
                        expected = response.headers.get("Content-Length")
                        received = response.num_bytes_downloaded  # as sent, before any gzip decoding
                        if expected is not None and expected.isdigit() and int(expected) != received:
                            raise _RefusedError(f"the body was cut off ({received} of {expected} bytes)", retry=True)
                        etag = response.headers.get("ETag")
                        modified = response.headers.get("Last-Modified")
                except httpx.TimeoutException:
                    raise _RefusedError("no answer within the time limit", retry=True) from None
                except httpx.RemoteProtocolError:
                    raise _RefusedError("the connection was closed before the body was complete", retry=True) from None
                except httpx.TransportError as exc:
                    raise _RefusedError(f"can't reach the server ({type(exc).__name__})", retry=True) from None
                stream.flush()
                os.fsync(stream.fileno())
            rows = _count_rows(part)
            previous_rows = previous.get("rows")
            if rows == 0 and isinstance(previous_rows, int) and previous_rows > 0 and target.exists():
                raise _RefusedError(f"an empty list where the previous copy had {previous_rows} rows", retry=False)
            os.chmod(part, 0o644)
            os.replace(part, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
        entry = {
            "url": self.config.masked_url(source),
            "status": "downloaded",
            "fetched": _now(),
            "rows": rows,
            "bytes": size,
            "sha256": digest.hexdigest(),
            "etag": etag,
            "last_modified": modified,
        }
        return DatasetOutcome(source.name, "downloaded", "", rows, size, digest.hexdigest(), attempt), entry


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    with contextlib.suppress(TypeError, ValueError):
        moment = email.utils.parsedate_to_datetime(value)
        return max(0.0, (moment - datetime.now(UTC)).total_seconds())
    return None


def fetch(
    config: FetchConfig,
    out_dir: str | os.PathLike[str],
    *,
    environ: Mapping[str, str] | None = None,
    fresh: bool = False,
    progress: FetchProgress | None = None,
    backoff: float = 1.0,
    transport: httpx.BaseTransport | None = None,
) -> FetchResult:
    """Download every dataset of ``config`` into ``out_dir`` (see the module docstring).

    Args:
        config: what to download (:func:`load_config`).
        out_dir: the folder of the datasets (created if missing); give it to ``publish`` as is.
        environ: where access codes are looked up (default: the process environment).
        fresh: don't resume an interrupted run: ask for every dataset again.
        progress: optional callback as datasets finish.
        backoff: the first retry's delay in seconds (doubled at each further attempt, plus jitter).
        transport: an httpx transport (for tests).

    Returns:
        A :class:`FetchResult`; datasets that failed keep their previous copy.

    Raises:
        FetchConfigError: an access code is missing or its file is readable by others.
        FetchError: the folder can't be created or written.
    """
    keys = config.keys(environ)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(f"{folder}: can't create the folder: {exc.strerror}") from None
    manifest_path = folder / MANIFEST
    manifest = _read_manifest(manifest_path)
    entries: dict[str, dict[str, Any]] = {
        str(k): dict(v) for k, v in (manifest.get("datasets") or {}).items() if isinstance(v, dict)
    }
    run = manifest.get("run") if isinstance(manifest.get("run"), dict) else None
    resuming = bool(run) and not run.get("complete", True) and not fresh  # type: ignore[union-attr]
    started = str(run["started"]) if resuming and run else _now()
    outcomes: dict[str, DatasetOutcome] = {}
    todo: list[DatasetSource] = []
    for source in config.datasets:
        entry = entries.get(source.name, {})
        done_here = entry.get("run") == started and entry.get("status") in ("downloaded", "not-modified")
        if resuming and done_here and _sha256(folder / f"{source.name}.json") == entry.get("sha256"):
            outcomes[source.name] = DatasetOutcome(
                source.name, "resumed", "", entry.get("rows"), entry.get("bytes"), entry.get("sha256")
            )
        else:
            todo.append(source)
    lock = threading.Lock()
    total_bytes = 0

    def save(complete: bool) -> None:
        body = {
            "generator": f"ocds-regency {__version__}",
            "year": config.year,
            "run": {"started": started, "complete": complete, **({"finished": _now()} if complete else {})},
            "datasets": {s.name: entries[s.name] for s in config.datasets if s.name in entries},
        }
        try:
            _write_atomic(manifest_path, dumps(body, pretty=True) + b"\n")
        except OSError as exc:
            raise FetchError(f"{manifest_path}: can't write the manifest: {exc.strerror}") from None

    save(complete=False)
    timeout = httpx.Timeout(config.timeout, connect=min(config.timeout, 30.0))
    limits = httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency)
    with (
        httpx.Client(timeout=timeout, limits=limits, transport=transport, follow_redirects=True) as client,
        ThreadPoolExecutor(max_workers=config.concurrency, thread_name_prefix="ocds-regency-fetch") as pool,
    ):
        fetcher = _Fetcher(config, folder, keys, client, backoff)
        futures = {pool.submit(fetcher.one, s, entries.get(s.name, {})): s for s in todo}
        done = len(outcomes)
        for future in as_completed(futures):
            source = futures[future]
            outcome, entry = future.result()
            entry["run"] = started
            with lock:
                outcomes[source.name] = outcome
                entries[source.name] = entry
                if outcome.status == "downloaded":
                    total_bytes += outcome.bytes or 0
                save(complete=False)  # a run killed now resumes after this dataset
                done += 1
            if progress is not None:
                progress(source.name, outcome.status, done, len(config.datasets), total_bytes)
    save(complete=True)
    return FetchResult(tuple(outcomes[s.name] for s in config.datasets), manifest_path)
