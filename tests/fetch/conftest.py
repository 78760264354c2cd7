"""A fake ISB server on the loopback address, serving the bundled sample datasets with injected faults.

Addresses have the ISB shape ``/isb-2/api/{key}/json/{id}/{Dataset}/tipe/4:12/parameter/{year}:{code}``;
the server checks the access code, answers conditional requests (``ETag`` / ``Last-Modified``), and
plays the faults queued for a dataset, one per request: ``500``, ``503-retry-after``, ``timeout`` (no
answer), ``slow`` (a body that trickles), ``truncated`` (a body cut off), ``html`` / ``json-error`` /
``empty`` / ``text`` (a 200 answer that is not the dataset), ``empty-list``, ``gone`` (404) and ``403``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"

#: Datasets served, with their ISB ids; keyed by kd_klpd (RUP, Ecat) or kd_lpse (SPSE).
DATASETS = {
    "RUP-PaketPenyedia-Terumumkan": 101,
    "RUP-MasterSatker": 102,
    "SPSE-TenderPengumuman": 201,
    "SPSE-TenderSelesai": 202,
    "SPSE-TenderEkontrak-2Kontrak": 203,
    "Ecat-PaketEPurchasingV6": 301,
}
SECRET = "kunci-rahasia-7f3a9c"
YEAR = 2025
KLPD = "D999"
LPSE = "999"


@dataclass
class FakeIsb:
    """The server's state: faults to play, requests seen, the files served."""

    port: int = 0
    faults: dict[str, list[str]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/isb-2/api"

    def hits(self, dataset: str) -> int:
        return sum(1 for path, _ in self.requests if f"/{dataset}/" in path)


def _handler(state: FakeIsb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, status: int, body: bytes, kind: str = "application/json", **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            parts = self.path.split("/")
            # ['', 'isb-2', 'api', key, 'json', id, Dataset, 'tipe', '4:12', 'parameter', 'year:code']
            if len(parts) != 11 or parts[1:3] != ["isb-2", "api"] or parts[4] != "json":
                self._send(404, b'{"error": "not found"}')
                return
            key, ident, dataset, parameter = parts[3], parts[5], parts[6], parts[10]
            if key != SECRET:
                self._send(403, b"<html>Forbidden</html>", "text/html")
                return
            year, code = parameter.split(":")
            expected = KLPD if dataset.startswith(("RUP-", "Ecat-")) else LPSE
            if dataset not in DATASETS or ident != str(DATASETS[dataset]) or year != str(YEAR) or code != expected:
                self._send(404, b'{"error": "unknown dataset"}')
                return
            queue = state.faults.get(dataset, [])
            fault = queue.pop(0) if queue else None
            body = state.bodies.get(dataset) or (SAMPLE / f"{dataset}.json").read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if fault == "500":
                self._send(500, b"Internal Server Error", "text/plain")
            elif fault == "503-retry-after":
                self._send(503, b"busy", "text/plain", Retry_After="0")
            elif fault == "timeout":
                state.stop.wait(3)
                self.close_connection = True
            elif fault == "slow":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for i in range(0, len(body), 16):
                    if state.stop.wait(0.05):
                        break
                    try:
                        self.wfile.write(body[i : i + 16])
                        self.wfile.flush()
                    except OSError:
                        break
                self.close_connection = True
            elif fault == "truncated":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
            elif fault == "truncated-json":  # a complete answer whose JSON is cut (no Content-Length lie)
                self._send(200, body[: len(body) // 2])
            elif fault == "html":
                self._send(200, b"<!DOCTYPE html><html><body>Sedang pemeliharaan</body></html>", "text/html")
            elif fault == "html-as-json":
                self._send(200, b"<html><body>Error</body></html>")
            elif fault == "json-error":
                self._send(200, b'{"status": false, "message": "Token tidak valid"}')
            elif fault == "empty":
                self._send(200, b"")
            elif fault == "text":
                self._send(200, body, "text/plain")
            elif fault == "empty-list":
                self._send(200, b"[]")
            elif fault == "gone":
                self._send(404, b'{"error": "dataset not found"}')
            elif fault == "403":
                self._send(403, b"<html>Forbidden</html>", "text/html")
            elif fault == "gzip":
                import gzip

                self._send(200, gzip.compress(body), Content_Encoding="gzip", ETag=etag)
            elif self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
            else:
                self._send(200, body, ETag=etag)

    return Handler


@pytest.fixture
def fake_isb() -> Iterator[FakeIsb]:
    """A running fake ISB server on 127.0.0.1 (stopped after the test)."""
    state = FakeIsb()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        time.sleep(0)


@pytest.fixture
def config_file(tmp_path: Path, fake_isb: FakeIsb) -> Path:
    """A fetch.toml naming the served datasets, with short timeouts."""
    lines = [
        f"year = {YEAR}",
        f'kd_klpd = "{KLPD}"',
        f"kd_lpse = {LPSE}",
        f'base_url = "{fake_isb.base_url}"',
        "timeout = 1",
        "retries = 2",
        "concurrency = 3",
        "",
        "[datasets]",
        *(f'"{name}" = {ident}' for name, ident in DATASETS.items()),
    ]
    path = tmp_path / "fetch.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
