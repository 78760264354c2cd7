"""One set of package metadata options: every command that writes packages builds one PackageMetadata from them."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from tests.conftest import ISB_SAMPLES

from ocds_regency.cli import app, main
from ocds_regency.standard import OCDS_PACKAGE_VERSION

PREFIX = "ocds-a1b2c3"
SAMPLE = str(ISB_SAMPLES / "SPSE-TenderPengumuman.json")
METADATA = [
    "--uri",
    "https://data.contoh.go.id/ocds/",
    "--publisher-name",
    "Kabupaten Contoh",
    "--publisher-scheme",
    "ID-KLPD",
    "--publisher-uid",
    "D123",
    "--published-date",
    "2025-11-04T08:00:00+07:00",
    "--license",
    "https://creativecommons.org/licenses/by/4.0/",
    "--publication-policy",
    "https://data.contoh.go.id/kebijakan",
]
EXPECTED = {
    "publisher": {"name": "Kabupaten Contoh", "scheme": "ID-KLPD", "uid": "D123"},
    "publishedDate": "2025-11-04T08:00:00+07:00",
    "license": "https://creativecommons.org/licenses/by/4.0/",
    "publicationPolicy": "https://data.contoh.go.id/kebijakan",
    "version": OCDS_PACKAGE_VERSION,
}


def _options(name: str) -> set[str]:
    command = app.get_command(click.Context(app), name)
    assert command is not None
    return {opt for param in command.params if isinstance(param, click.Option) for opt in param.opts}


@pytest.mark.parametrize("name", ["convert", "compile", "publish"])
def test_every_package_writer_takes_the_same_metadata_options(name: str) -> None:
    assert {option for option in METADATA if option.startswith("--")} <= _options(name)


def test_convert_writes_the_metadata_given(tmp_path: Path) -> None:
    out = tmp_path / "package.json"
    assert main(["convert", SAMPLE, "--prefix", PREFIX, "--package", "-q", "-o", str(out), *METADATA]) == 0
    package = json.loads(out.read_bytes())
    assert package["uri"] == "https://data.contoh.go.id/ocds/release-package.json"  # a base gets the file name
    assert {key: package[key] for key in EXPECTED} == EXPECTED
    assert list(package)[:6] == ["uri", "publisher", "publishedDate", "license", "publicationPolicy", "version"]


def test_compile_writes_the_metadata_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    releases = tmp_path / "releases.jsonl"
    assert main(["convert", SAMPLE, "--prefix", PREFIX, "-q", "-o", str(releases)]) == 0
    out = tmp_path / "records.json"
    assert main(["compile", str(releases), "--package", "-q", "-o", str(out), *METADATA]) == 0
    package = json.loads(out.read_bytes())
    assert package["uri"] == "https://data.contoh.go.id/ocds/record-package.json"
    assert {key: package[key] for key in EXPECTED} == EXPECTED
    assert "warning" not in capsys.readouterr().err


def test_publish_writes_the_metadata_given_in_every_package(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["publish", SAMPLE, "--prefix", PREFIX, "-o", str(out), "-q", *METADATA]) == 0
    packages = sorted(out.glob("*-package*.json"))
    assert {p.name for p in packages} >= {"release-package.json", "record-package.json"}
    for path in packages:
        package = json.loads(path.read_bytes())
        assert package["uri"] == "https://data.contoh.go.id/ocds/" + path.name
        assert {key: package[key] for key in EXPECTED} == EXPECTED


@pytest.mark.parametrize("name", ["convert", "compile", "publish"])
def test_a_bad_published_date_stops_the_command_in_one_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = {
        "convert": ["convert", SAMPLE, "--prefix", PREFIX, "--package", "-o", str(tmp_path / "p.json")],
        "compile": ["compile", SAMPLE, "--package", "-o", str(tmp_path / "r.json")],
        "publish": ["publish", SAMPLE, "--prefix", PREFIX, "-o", str(tmp_path / "out")],
    }[name]
    assert main([*args, "--published-date", "4 November 2025"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RFC 3339" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_the_ocdskit_commands_declare_the_bundled_version_by_default() -> None:
    command = app.get_command(click.Context(app), "package-releases")
    assert command is not None
    (version,) = [p for p in command.params if isinstance(p, click.Option) and "--version" in p.opts]
    assert version.default == OCDS_PACKAGE_VERSION


@pytest.mark.parametrize("name", ["fetch", "publish"])
def test_fetch_and_publish_share_one_output_directory_option(name: str) -> None:
    command = app.get_command(click.Context(app), name)
    assert command is not None
    (option,) = [p for p in command.params if isinstance(p, click.Option) and "--out" in p.opts]
    assert option.opts == ["-o", "--output", "--out"] and option.name == "out_dir" and option.required
    assert option.metavar == "DIR" and (option.help or "").startswith("Output directory: ")
