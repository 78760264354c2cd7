"""ocdskit's tools as ocds-regency commands: the same input through ``ocdskit`` and ``ocds-regency`` gives the
same output, byte for byte (both run as programs, reading standard input and writing standard output)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OCDS_10 = FIXTURES / "ocds-1.0" / "release-package.json"
PACKAGE_OPTIONS = [
    "--uri",
    "https://example.com/p.json",
    "--published-date",
    "2025-01-01T00:00:00Z",
    "--publisher-name",
    "Kabupaten Contoh",
    "--publisher-uid",
    "1",
]


def run(
    program: str, args: list[str], stdin: bytes, *, before: Sequence[str] = ()
) -> subprocess.CompletedProcess[bytes]:
    module = {"ocdskit": "ocdskit", "ours": "ocds_regency"}[program]
    return subprocess.run(
        [sys.executable, "-m", module, *before, *args], input=stdin, capture_output=True, check=False, timeout=120
    )


def same(args: list[str], stdin: bytes, *, global_options: Sequence[str] = ()) -> bytes:
    """Run ocdskit (global options before the command) and ours (options after it); return the common output."""
    theirs = run("ocdskit", args, stdin, before=list(global_options))
    ours = run("ours", [*args, *global_options], stdin)
    assert theirs.returncode == 0, theirs.stderr.decode()
    assert ours.returncode == 0, ours.stderr.decode()
    assert ours.stdout == theirs.stdout
    assert ours.stdout.strip()
    return ours.stdout


def _release(ocid: str, number: int, **fields: Any) -> dict[str, Any]:
    return {
        "ocid": ocid,
        "id": f"{ocid}-{number}",
        "date": f"2025-01-0{number}T00:00:00+07:00",
        "tag": ["tender"],
        "initiationType": "tender",
        "tender": {"id": "t", "title": f"Pengadaan {number}", "value": {"amount": 1.50, "currency": "IDR"}},
        **fields,
    }


@pytest.fixture(scope="module")
def releases() -> list[dict[str, Any]]:
    return [_release(f"ocds-zz9999-{n % 3}", n % 9 + 1) for n in range(12)]


def _jsonl(values: list[Any]) -> bytes:
    return b"".join(json.dumps(value, ensure_ascii=False).encode() + b"\n" for value in values)


def _release_package(releases: list[dict[str, Any]], uri: str) -> dict[str, Any]:
    return {"uri": uri, "publishedDate": "2025-01-01T00:00:00Z", "version": "1.1", "releases": releases}


def _record_package(releases: list[dict[str, Any]], uri: str) -> dict[str, Any]:
    ocids = sorted({release["ocid"] for release in releases})
    records = [{"ocid": ocid, "releases": [r for r in releases if r["ocid"] == ocid]} for ocid in ocids]
    return {
        "uri": uri,
        "publishedDate": "2025-01-01T00:00:00Z",
        "version": "1.1",
        "packages": [uri],
        "records": records,
    }


def test_package_releases(releases: list[dict[str, Any]]) -> None:
    out = same(["package-releases", *PACKAGE_OPTIONS], _jsonl(releases))
    assert json.loads(out)["releases"] == releases


def test_package_releases_with_extensions_size_and_fake(releases: list[dict[str, Any]]) -> None:
    args = ["package-releases", "https://example.com/a/extension.json", "--size", "5", "--fake"]
    out = same(args, _jsonl(releases))
    assert [len(json.loads(line)["releases"]) for line in out.splitlines()] == [5, 5, 2]


def test_package_releases_pretty_and_ascii(releases: list[dict[str, Any]]) -> None:
    data = [_release("ocds-zz9999-1", 1, description="Jalan Ḱ")]
    same(["package-releases", "--fake"], _jsonl(data), global_options=["--pretty", "--ascii"])


def test_combine_release_packages(releases: list[dict[str, Any]]) -> None:
    stdin = _jsonl([_release_package(releases[:5], "u1"), _release_package(releases[5:], "u2")])
    out = same(["combine-release-packages", *PACKAGE_OPTIONS], stdin)
    assert json.loads(out)["releases"] == releases


def test_combine_record_packages(releases: list[dict[str, Any]]) -> None:
    stdin = _jsonl([_record_package(releases[:5], "u1"), _record_package(releases[5:], "u2")])
    out = same(["combine-record-packages", "--fake"], stdin)
    assert json.loads(out)["packages"] == ["u1", "u2"]


def test_split_release_packages(releases: list[dict[str, Any]]) -> None:
    stdin = _jsonl([_release_package(releases, "u1"), _release_package(releases[:3], "u2")])
    out = same(["split-release-packages", "5"], stdin)
    assert [len(json.loads(line)["releases"]) for line in out.splitlines()] == [5, 5, 2, 3]


def test_split_record_packages(releases: list[dict[str, Any]]) -> None:
    out = same(["split-record-packages", "2"], _jsonl([_record_package(releases, "u1")]))
    assert [len(json.loads(line)["records"]) for line in out.splitlines()] == [2, 1]


@pytest.mark.parametrize("options", [[], ["--no-reorder"]])
def test_upgrade_10_to_11(options: list[str]) -> None:
    out = same(["upgrade", "1.0:1.1", *options], OCDS_10.read_bytes())
    package = json.loads(out)
    assert package["version"] == "1.1"
    assert {party["name"] for party in package["releases"][0]["parties"]} == {"Dinas Pendidikan", "CV Maju"}


def test_root_path(releases: list[dict[str, Any]]) -> None:
    stdin = _jsonl([_release_package(releases, "u1")])
    same(["package-releases", "--fake", "--root-path", "releases.item"], stdin)


def test_detect_format(tmp_path: Path, releases: list[dict[str, Any]]) -> None:
    files = {
        "release.json": json.dumps(releases[0]),
        "releases.jsonl": _jsonl(releases).decode(),
        "array.json": json.dumps(releases),
        "release-package.json": json.dumps(_release_package(releases, "u")),
        "record-package.json": json.dumps(_record_package(releases, "u")),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / name) for name in files]
    theirs = run("ocdskit", ["detect-format", *paths], b"")
    ours = run("ours", ["detect-format", *paths], b"")
    assert ours.returncode == theirs.returncode == 0
    assert ours.stdout == theirs.stdout
    assert ours.stdout.decode().splitlines()[1].endswith("concatenated JSON, starting with release")


def test_files_instead_of_standard_input(tmp_path: Path, releases: list[dict[str, Any]]) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_bytes(_jsonl([_release_package(releases[:5], "u1")]))
    second.write_bytes(_jsonl([_release_package(releases[5:], "u2")]))
    piped = run("ours", ["combine-release-packages", "--fake"], first.read_bytes() + second.read_bytes())
    named = run("ours", ["combine-release-packages", "--fake", str(first), str(second)], b"")
    assert named.returncode == 0
    assert named.stdout == piped.stdout


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"releases": [', encoding="utf-8")
    result = run("ours", ["combine-release-packages", str(bad)], b"")
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1
    # the shared reader's wording (codec.items): the file, where, and why
    assert f"{bad}, before the first item: not valid JSON" in lines[0]
    repeated = tmp_path / "repeated.json"
    repeated.write_text('{"releases": []}\n{"uri": "a", "uri": "b", "releases": []}\n', encoding="utf-8")
    result = run("ours", ["combine-release-packages", str(repeated)], b"")
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"ocds-regency: error: {repeated}, item 2: the key 'uri' is given twice in one object with different values: "
        "which one holds can't be told"
    ]
    assert run("ours", ["upgrade", "1.1:1.0"], b"{}").stderr.decode().strip() == (
        "ocds-regency: error: downgrade from 1.1 to 1.0 is not supported"
    )
    not_package = run("ours", ["combine-release-packages"], b'{"ocid": "x"}')
    assert not_package.returncode == 2
    assert "not a release package" in not_package.stderr.decode()


def test_dash_o_writes_what_standard_output_shows(tmp_path: Path, releases: list[dict[str, Any]]) -> None:
    stdin = _jsonl([_release_package(releases, "u1")])
    piped = run("ours", ["split-release-packages", "5"], stdin)
    target = tmp_path / "bagian.jsonl"
    written = run("ours", ["split-release-packages", "5", "-o", str(target)], stdin)
    assert written.returncode == 0 and written.stdout == b""
    assert target.read_bytes() == piped.stdout
    listed = run("ours", ["detect-format", str(target), "-o", str(tmp_path / "formats.txt")], b"")
    assert listed.returncode == 0
    assert (tmp_path / "formats.txt").read_text() == f"{target}: concatenated JSON, starting with release package\n"
