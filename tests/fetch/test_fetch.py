"""``ocds-regency fetch`` against a fake ISB server on the loopback address, with faults injected."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from ocds_regency.cli import main
from ocds_regency.fetch import MANIFEST, FetchConfigError, fetch, key_variable, load_config
from ocds_regency.mapping import convert
from tests.fetch.conftest import DATASETS, SAMPLE, SECRET, FakeIsb

ENV = {"OCDS_REGENCY_ISB_KEY": SECRET}
FAST = 0.01  # first retry delay in tests


def _fetch(config_file: Path, out: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return fetch(load_config(config_file), out, environ=ENV, backoff=FAST, **kwargs)  # type: ignore[arg-type]


def _manifest(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / MANIFEST).read_bytes())


def _no_secret_anywhere(*roots: Path) -> None:
    for root in roots:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), f"the access code is in {path}"


def test_fetch_downloads_every_dataset_into_a_folder_publish_reads(
    config_file: Path, tmp_path: Path, fake_isb: FakeIsb
) -> None:
    out = tmp_path / "isb"
    result = _fetch(config_file, out)
    assert result.ok
    assert [d.status for d in result.datasets] == ["downloaded"] * len(DATASETS)
    manifest = _manifest(out)
    assert manifest["run"]["complete"] is True
    for name in DATASETS:
        body = (SAMPLE / f"{name}.json").read_bytes()
        assert (out / f"{name}.json").read_bytes() == body
        entry = manifest["datasets"][name]
        assert entry["rows"] == len(json.loads(body))
        assert entry["bytes"] == len(body)
        assert entry["sha256"] == hashlib.sha256(body).hexdigest()
        assert "/***/json/" in entry["url"]
        assert entry["url"].endswith(
            f"/{name}/tipe/4:12/parameter/2025:{'D999' if name[:3] in ('RUP', 'Eca') else '999'}"
        )
        assert entry["fetched"].endswith("Z")
    # every request carried the access code in its address, never in a header
    assert all(SECRET in path for path, _ in fake_isb.requests)
    # the folder is publishable as is: the manifest is not read as data
    conversion = convert([out], prefix="ocds-zz9999")
    releases = list(conversion)
    assert releases
    assert conversion.report.totals.rejected == 0
    assert not [f for f in conversion.report.as_dict()["files"] if MANIFEST in f["source"]]
    _no_secret_anywhere(out)


def test_a_second_fetch_asks_conditionally_and_keeps_current_copies(
    config_file: Path, tmp_path: Path, fake_isb: FakeIsb
) -> None:
    out = tmp_path / "isb"
    _fetch(config_file, out)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != MANIFEST}
    fake_isb.requests.clear()
    result = _fetch(config_file, out)
    assert [d.status for d in result.datasets] == ["not-modified"] * len(DATASETS)
    assert all("If-None-Match" in headers for _, headers in fake_isb.requests)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != MANIFEST} == before
    name = "SPSE-TenderPengumuman"  # the source changes: downloaded again
    fake_isb.bodies[name] = b'[{"kd_tender": 1, "nama_paket": "x"}]'
    result = _fetch(config_file, out)
    changed = {d.name: d for d in result.datasets}
    assert changed[name].status == "downloaded"
    assert changed[name].rows == 1
    assert (out / f"{name}.json").read_bytes() == fake_isb.bodies[name]


@pytest.mark.parametrize("fault", ["500", "503-retry-after", "timeout", "truncated", "truncated-json", "slow", "empty"])
def test_transient_faults_are_retried(config_file: Path, tmp_path: Path, fake_isb: FakeIsb, fault: str) -> None:
    if fault == "slow":
        text = config_file.read_text().replace("timeout = 1\n", "timeout = 1\nmax_time = 0.5\n")
        config_file.write_text(text, encoding="utf-8")
    name = "SPSE-TenderEkontrak-2Kontrak"
    fake_isb.faults[name] = [fault]
    out = tmp_path / "isb"
    result = _fetch(config_file, out)
    outcome = {d.name: d for d in result.datasets}[name]
    assert outcome.status == "downloaded", outcome.message
    assert outcome.attempts == 2
    assert fake_isb.hits(name) == 2
    assert (out / f"{name}.json").read_bytes() == (SAMPLE / f"{name}.json").read_bytes()


def test_a_compressed_answer_is_saved_decompressed(config_file: Path, tmp_path: Path, fake_isb: FakeIsb) -> None:
    name = "SPSE-TenderPengumuman"
    fake_isb.faults[name] = ["gzip"]
    out = tmp_path / "isb"
    result = _fetch(config_file, out)
    assert result.ok
    body = (SAMPLE / f"{name}.json").read_bytes()
    assert (out / f"{name}.json").read_bytes() == body
    assert _manifest(out)["datasets"][name]["sha256"] == hashlib.sha256(body).hexdigest()


_REFUSALS = {
    "html": ("HTML page", 1),
    "html-as-json": ("HTML page", 1),
    "json-error": ("JSON error instead of the dataset (message: Token tidak valid)", 1),
    "text": ("not JSON (served as text/plain)", 1),
    "empty-list": ("an empty list where the previous copy had", 1),
    "gone": ("no longer has this dataset (HTTP 404)", 1),
    "403": ("access refused (HTTP 403)", 1),
    "500": ("HTTP 500", 3),
    "timeout": ("no answer within the time limit", 3),
    "truncated": ("connection was closed before the body was complete", 3),
    "truncated-json": ("truncated or invalid JSON", 3),
    "empty": ("an empty body", 3),
}


@pytest.mark.parametrize("fault", sorted(_REFUSALS))
def test_what_is_not_the_dataset_is_refused_and_the_previous_copy_kept(
    config_file: Path,
    tmp_path: Path,
    fake_isb: FakeIsb,
    fault: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "isb"
    assert _fetch(config_file, out).ok
    name = "RUP-PaketPenyedia-Terumumkan"
    previous = (out / f"{name}.json").read_bytes()
    previous_entry = _manifest(out)["datasets"][name]
    fake_isb.faults[name] = [fault] * 5
    fake_isb.requests.clear()
    monkeypatch.setenv("OCDS_REGENCY_ISB_KEY", SECRET)
    status = main(["fetch", "--config", str(config_file), "--out", str(out)])
    assert status == 1
    message, attempts = _REFUSALS[fault]
    err = capsys.readouterr().err
    assert f"{name}: FAILED: " in err
    assert message in err
    assert f"after {attempts} attempt" in err
    assert "the previous copy is kept" in err
    assert fake_isb.hits(name) == attempts
    assert (out / f"{name}.json").read_bytes() == previous
    entry = _manifest(out)["datasets"][name]
    assert entry["status"] == "failed"
    assert (entry["sha256"], entry["rows"]) == (previous_entry["sha256"], previous_entry["rows"])
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    assert SECRET not in err
    _no_secret_anywhere(out)


def test_an_interrupted_run_is_resumed(config_file: Path, tmp_path: Path, fake_isb: FakeIsb) -> None:
    out = tmp_path / "isb"
    seen: list[str] = []

    def interrupt(name: str, status: str, done: int, total: int, size: int) -> None:
        seen.append(name)
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _fetch(config_file, out, progress=interrupt)
    manifest = _manifest(out)
    assert manifest["run"]["complete"] is False
    finished = {n for n, e in manifest["datasets"].items() if e["status"] == "downloaded"}
    assert len(finished) >= 2
    fake_isb.requests.clear()
    result = _fetch(config_file, out)
    statuses = {d.name: d.status for d in result.datasets}
    assert {n for n, s in statuses.items() if s == "resumed"} == finished
    assert all(statuses[n] == "downloaded" for n in DATASETS if n not in finished)
    assert all(fake_isb.hits(n) == 0 for n in finished)
    assert _manifest(out)["run"]["complete"] is True
    # a complete run is not resumed: a fresh one asks again (conditionally)
    again = _fetch(config_file, out, fresh=True)
    assert all(d.status == "not-modified" for d in again.datasets)


def test_access_codes_from_a_file_readable_by_its_owner_only(
    config_file: Path, tmp_path: Path, fake_isb: FakeIsb
) -> None:
    keys = tmp_path / "isb-keys.toml"
    keys.write_text("[keys]\n" + "".join(f'"{n}" = "{SECRET}"\n' for n in DATASETS), encoding="utf-8")
    keys.chmod(0o644)
    config_file.write_text('keys_file = "isb-keys.toml"\n' + config_file.read_text(), encoding="utf-8")
    config = load_config(config_file)
    with pytest.raises(FetchConfigError, match="chmod 600") as caught:
        fetch(config, tmp_path / "isb", environ={}, backoff=FAST)
    assert SECRET not in str(caught.value)
    keys.chmod(0o600)
    assert fetch(config, tmp_path / "isb", environ={}, backoff=FAST).ok


def test_a_missing_access_code_names_the_variable(config_file: Path, tmp_path: Path) -> None:
    with pytest.raises(FetchConfigError, match=key_variable("RUP-PaketPenyedia-Terumumkan")):
        fetch(load_config(config_file), tmp_path / "isb", environ={}, backoff=FAST)
    assert key_variable("SPSE-TenderPengumuman") == "OCDS_REGENCY_ISB_KEY_SPSE_TENDERPENGUMUMAN"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('year = 2025\n[datasets]\n"SPSE-Nope" = 1\n', "unknown ISB dataset 'SPSE-Nope'"),
        ('kd_lpse = 9\n[datasets]\n"SPSE-TenderPengumuman" = 1\n', "year must be given"),
        ('year = 2025\n[datasets]\n"SPSE-TenderPengumuman" = 1\n', "kd_lpse must be given for SPSE-TenderPengumuman"),
        ("year = 2025\n", "no [datasets] table"),
        ('year = 2025\ncolour = "red"\n', "unknown setting 'colour'"),
        ("year = \n", "not a TOML file"),
    ],
)
def test_an_unusable_configuration_is_one_line_and_exit_2(
    tmp_path: Path, content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fetch.toml"
    path.write_text(content, encoding="utf-8")
    assert main(["fetch", "--config", str(path), "--out", str(tmp_path / "isb")]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert str(path) in err
    assert len(err.strip().splitlines()) == 1


def test_no_file_the_tool_writes_holds_the_secret(
    config_file: Path,
    tmp_path: Path,
    fake_isb: FakeIsb,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A night with faults of every kind, then a publication with a store: the access code is nowhere."""
    monkeypatch.setenv("OCDS_REGENCY_ISB_KEY", SECRET)
    out = tmp_path / "isb"
    fake_isb.faults = {
        "RUP-PaketPenyedia-Terumumkan": ["500", "timeout"],
        "SPSE-TenderPengumuman": ["json-error"],
        "SPSE-TenderSelesai": ["gone"],
        "Ecat-PaketEPurchasingV6": ["truncated"],
    }
    assert main(["fetch", "--config", str(config_file), "--out", str(out)]) == 1
    assert main(["fetch", "--config", str(config_file), "--out", str(out)]) == 0
    published = tmp_path / "published"
    status = main(["publish", str(out), "--prefix", "ocds-zz9999", "--out", str(published), "--store"])
    assert status == 0
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    _no_secret_anywhere(tmp_path)


def test_a_progress_bar_on_a_terminal_only(config_file: Path, tmp_path: Path, fake_isb: FakeIsb) -> None:
    import os
    import pty
    import subprocess
    import sys

    command = [
        sys.executable,
        "-m",
        "ocds_regency",
        "fetch",
        "--config",
        str(config_file),
        "--out",
        str(tmp_path / "a"),
    ]
    env = {**os.environ, "OCDS_REGENCY_ISB_KEY": SECRET}
    master, slave = pty.openpty()
    try:
        child = subprocess.run(command, stderr=slave, stdout=subprocess.PIPE, env=env, timeout=120, check=False)
        os.close(slave)
        screen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(master)
    assert child.returncode == 0
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.decode())  # without colours and cursor moves
    assert "fetching" in text
    assert f"{len(DATASETS)}/{len(DATASETS)} datasets" in text
    assert SECRET not in text
    # not a terminal: no bar, only the summary lines
    piped = subprocess.run([*command[:-1], str(tmp_path / "b")], capture_output=True, env=env, timeout=120, check=False)
    assert piped.returncode == 0
    assert b"fetching" not in piped.stderr
    assert piped.stdout.decode().splitlines()[-1].startswith(f"{len(DATASETS)} datasets in ")
