"""The parts fit together: the README's command chain validates, every command reads what the others write,
and the library takes the typed models wherever it takes dicts."""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import ocds_regency
from ocds_regency.cli import main
from ocds_regency.errors import InputError
from ocds_regency.mapping import convert, extension_urls
from ocds_regency.merge import Merger
from ocds_regency.models import Record, RecordPackage, Release, ReleasePackage
from ocds_regency.package import PackageMetadata, Publisher, compile_package
from ocds_regency.standard import find_bundled_extension
from tests.conftest import ISB_SAMPLES, MERGE_FIXTURES, ROOT

EXAMPLE = ROOT / "examples" / "kabupaten-contoh-2025"
PREFIX = "ocds-a1b2c3"


def _readme_chain() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- readme:chain -->\n```sh\n(.*?)```", text, re.DOTALL)
    assert block is not None, "README.md has no readme:chain block"
    commands = block.group(1).replace("\\\n", " ")
    return [line.split("  #")[0].strip() for line in commands.splitlines() if line.strip()]


def _cli(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ocds_regency", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's chain, run as written, in a directory with the bundled sample."""
    work = tmp_path_factory.mktemp("chain")
    (work / "examples").symlink_to(ROOT / "examples")
    commands = _readme_chain()
    assert [shlex.split(c)[1] for c in commands] == ["convert", "validate", "compile", "validate"]
    for command in commands:
        words = shlex.split(command)
        assert words[0] == "ocds-regency"
        result = _cli(words[1:], work)
        assert result.returncode == 0, f"{command}\n{result.stderr.decode()}"
        assert b"Traceback" not in result.stderr
    return work


def test_the_readme_chain_gives_valid_data(chain: Path) -> None:
    package = json.loads((chain / "record-package.json").read_bytes())
    assert package["uri"] == "https://data.contoh.go.id/ocds/record-package.json"
    assert package["publisher"] == {"name": "Pemerintah Kabupaten Contoh"}
    # the extensions applied are declared, so nothing the mapping writes is an "additional field"
    assert set(package["extensions"]) <= set(extension_urls())
    report = ocds_regency.validate(chain / "record-package.json")
    assert report.ok, report.format_text()
    assert report.counts["ocds.additional_field"] == 0
    # Nothing but data-quality warnings on what the sample itself says: e-Katalog suppliers known only
    # by their code (quality.party_unnamed) and RUP contract periods planned to start before the tender
    # closes (quality.date_order).
    assert {f.code for f in report.findings} <= {"quality.party_unnamed", "quality.date_order"}, report.format_text()
    assert {f.severity for f in report.findings} <= {"warning"}


def test_the_chain_without_uri_or_publisher_warns_and_still_validates(chain: Path) -> None:
    result = _cli(["compile", "releases.jsonl", "--package", "-o", "bare.json"], chain)
    assert result.returncode == 0, result.stderr
    err = result.stderr.decode()
    assert "no --uri given" in err and "no --publisher-name given" in err
    package = json.loads((chain / "bare.json").read_bytes())
    assert package["uri"].startswith("urn:ocds-regency:")
    assert package["publisher"]["name"] != "ocds-regency"
    result = _cli(["validate", "bare.json"], chain)
    assert result.returncode == 0, result.stdout.decode()
    # the converter's package too
    result = _cli(["convert", str(EXAMPLE), "--prefix", PREFIX, "--package", "-o", "rp.json", "-q"], chain)
    assert result.returncode == 0 and b"no --publisher-name given" in result.stderr
    assert _cli(["validate", "rp.json"], chain).returncode == 0


def test_outputs_respect_the_umask(chain: Path) -> None:
    for name in ("releases.jsonl", "conversion.json", "record-package.json"):
        mode = stat.S_IMODE((chain / name).stat().st_mode)
        assert mode == 0o666 & ~_umask(), (name, oct(mode))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_validate_output_file_respects_the_umask(chain: Path) -> None:
    old = os.umask(0o027)
    try:
        result = _cli(["validate", "releases.jsonl", "-o", "report.txt"], chain)
    finally:
        os.umask(old)
    assert result.returncode == 0
    assert stat.S_IMODE((chain / "report.txt").stat().st_mode) == 0o640


# ----------------------------------------------------------------------- every command reads the others


def _forms(chain: Path) -> dict[str, bytes]:
    lines = (chain / "releases.jsonl").read_bytes()
    releases = [json.loads(line) for line in lines.splitlines()]
    return {
        "json lines": lines,
        "array": json.dumps(releases).encode(),
        "concatenated": b"".join(json.dumps(r, indent=1).encode() for r in releases),
        "release package": (chain / "rp.json").read_bytes() if (chain / "rp.json").exists() else b"",
        "record package": (chain / "record-package.json").read_bytes(),
    }


@pytest.mark.parametrize("form", ["json lines", "array", "concatenated", "record package"])
def test_validate_and_compile_read_every_form_from_stdin(chain: Path, form: str) -> None:
    data = _forms(chain)[form]
    result = _cli(["validate", "-", "--format", "json"], chain, stdin=data)
    assert result.returncode == 0, result.stdout[-2000:]
    summary = json.loads(result.stdout)["summary"]
    assert summary["releases"] == 102
    assert summary["kind"] == ("record package" if form == "record package" else "releases")
    result = _cli(["compile", "-", "-o", f"compiled-{form}.jsonl"], chain, stdin=data)
    assert result.returncode == 0, result.stderr
    compiled = (chain / f"compiled-{form}.jsonl").read_bytes().splitlines()
    assert len(compiled) == 64


def test_convert_reads_standard_input(chain: Path) -> None:
    sample = (ISB_SAMPLES / "SPSE-TenderPengumuman.json").read_bytes()
    from_stdin = _cli(["convert", "-", "--prefix", PREFIX, "-q"], chain, stdin=sample)
    from_file = _cli(["convert", str(ISB_SAMPLES / "SPSE-TenderPengumuman.json"), "--prefix", PREFIX, "-q"], chain)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert from_stdin.stdout == from_file.stdout and from_stdin.stdout.count(b"\n") == 5


@pytest.mark.parametrize(
    ("name", "kind"),
    [("rp.json", "release package"), ("record-package.json", "record package"), ("releases.jsonl", "release")],
)
def test_convert_refuses_ocds_input(chain: Path, name: str, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    if not (chain / name).exists():
        _cli(["convert", str(EXAMPLE), "--prefix", PREFIX, "--package", "-o", "rp.json", "-q"], chain)
    assert main(["convert", str(chain / name), "--prefix", PREFIX, "-o", str(chain / "x.jsonl")]) == 2
    err = capsys.readouterr().err
    assert f"this is an OCDS {kind}, not an ISB dataset" in err
    assert err.count("\n") == 1
    assert not (chain / "x.jsonl").exists()


def test_convert_reads_every_json_form_of_isb_rows(tmp_path: Path, chain: Path) -> None:
    rows = json.loads((ISB_SAMPLES / "SPSE-TenderPengumuman.json").read_bytes())
    forms = {
        "array.json": json.dumps(rows),
        "lines.jsonl": "".join(json.dumps(row) + "\n" for row in rows),
        "concatenated.json": "".join(json.dumps(row, indent=1) for row in rows),
        "wrapped.json": json.dumps({"data": rows}),
    }
    outputs = set()
    for name, text in forms.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = _cli(["convert", str(tmp_path / name), "--prefix", PREFIX, "-q"], chain)
        assert result.returncode == 0, (name, result.stderr)
        outputs.add(result.stdout)
    assert len(outputs) == 1 and next(iter(outputs)).count(b"\n") == 5


def test_convert_refuses_a_directory_holding_ocds(chain: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "SPSE-TenderPengumuman.json").write_bytes((ISB_SAMPLES / "SPSE-TenderPengumuman.json").read_bytes())
    (folder / "record-package.json").write_bytes((chain / "record-package.json").read_bytes())
    result = _cli(["convert", str(folder), "--prefix", PREFIX], chain)
    assert result.returncode == 2
    assert b"record-package.json: this is an OCDS record package, not an ISB dataset" in result.stderr


def test_big_files_of_releases_are_streamed_with_the_same_findings(chain: Path, tmp_path: Path) -> None:
    lines = (chain / "releases.jsonl").read_bytes()
    broken = lines.replace(b'"date":"2025-', b'"date":"2025/', 3)  # a few bad dates to find
    path = tmp_path / "r.jsonl"
    path.write_bytes(broken)
    in_memory = ocds_regency.validate(path)
    streamed = ocds_regency.validate(path, stream_threshold=0)
    assert streamed.kind == in_memory.kind == "releases"
    assert streamed.extensions == in_memory.extensions and "indonesia" in streamed.extensions
    assert streamed.to_dict()["findings"] == in_memory.to_dict()["findings"]
    assert not streamed.ok and streamed.releases == 102
    spaced = tmp_path / "spaced.jsonl"  # another tool's layout: spaces before the colons
    spaced.write_bytes(lines.replace(b'":', b'" :'))
    assert ocds_regency.validate(spaced, stream_threshold=0).extensions == streamed.extensions


def test_a_record_among_streamed_releases_is_unreadable(tmp_path: Path) -> None:
    release = json.loads((MERGE_FIXTURES / "1.1" / "simple.json").read_bytes())[0]
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(release) + "\n" + json.dumps({"ocid": release["ocid"], "releases": [release]}) + "\n")
    with pytest.raises(InputError, match="a record among releases"):
        ocds_regency.validate(path, stream_threshold=0)


def test_validate_mixed_releases_and_records_is_unreadable(tmp_path: Path) -> None:
    record = json.loads((MERGE_FIXTURES / "1.1" / "simple.json").read_bytes())[0]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(json.dumps(record) + "\n" + json.dumps({"ocid": record["ocid"], "releases": [record]}) + "\n")
    assert main(["validate", str(mixed)]) == 2


# ----------------------------------------------------------------------------------- models everywhere


@pytest.fixture(scope="module")
def releases() -> list[dict[str, Any]]:
    return list(convert([EXAMPLE], prefix=PREFIX))


def test_validate_takes_models_and_lists(releases: list[dict[str, Any]]) -> None:
    models = [Release.from_dict(r) for r in releases]
    as_dicts = ocds_regency.validate(releases)
    as_models = ocds_regency.validate(models)
    assert as_models.ok and as_dicts.ok
    assert as_models.releases == as_dicts.releases == len(releases)
    assert as_models.to_dict()["findings"] == as_dicts.to_dict()["findings"]
    single = ocds_regency.validate(models[0])
    assert single.kind == "release" and single.releases == 1
    broken = models[0].model_copy(update={"date": "kemarin"})
    assert not ocds_regency.validate([broken, *models[1:]]).ok


def test_merger_takes_and_returns_models(releases: list[dict[str, Any]]) -> None:
    ocid = releases[0]["ocid"]
    group = [r for r in releases if r["ocid"] == ocid]
    models = [Release.from_dict(r) for r in group]
    merger = Merger()
    assert merger.create_compiled_release(models) == merger.create_compiled_release(group)
    compiled = merger.create_compiled_release(models, as_model=True)
    assert isinstance(compiled, Release)
    assert compiled.to_dict() == merger.create_compiled_release(group)
    assert merger.create_versioned_release(models) == merger.create_versioned_release(group)


def test_one_call_makes_a_valid_record_package(releases: list[dict[str, Any]]) -> None:
    models = [Release.from_dict(r) for r in releases]
    metadata = PackageMetadata(publisher=Publisher("Kabupaten Contoh"))
    package = compile_package(models, metadata, versioned=True)
    dated = replace(metadata, published_date=package["publishedDate"])
    assert package == compile_package(releases, dated, versioned=True)
    assert len(package["records"]) == len({r["ocid"] for r in releases})
    assert all("versionedRelease" in record for record in package["records"])
    assert {find_bundled_extension(url).id for url in package["extensions"]} >= {"bids", "indonesia"}  # type: ignore[union-attr]
    report = ocds_regency.validate(package)
    assert report.ok and not report.errors, report.format_text()
    typed = compile_package(models, PackageMetadata(uri="https://example.org/records.json"), as_model=True)
    assert isinstance(typed, RecordPackage)
    assert ocds_regency.validate(typed).ok
    assert isinstance(typed.records[0], Record) if hasattr(typed, "records") else True


def test_packages_of_models_are_validated(releases: list[dict[str, Any]]) -> None:
    package = ReleasePackage.from_dict(
        {
            "uri": "https://example.org/p.json",
            "publishedDate": "2025-01-01T00:00:00Z",
            "publisher": {"name": "Kabupaten Contoh"},
            "version": "1.1",
            "extensions": extension_urls(),
            "releases": releases[:5],
        }
    )
    report = ocds_regency.validate(package)
    assert report.kind == "release package" and report.ok and report.releases == 5


def test_validate_is_the_function_at_the_root() -> None:
    import ocds_regency.validate as subpackage  # binding the name to the subpackage must not break it

    assert subpackage is ocds_regency.validate
    assert subpackage.Report is ocds_regency.Report
    for function in (ocds_regency.validate, subpackage.validate):
        report = function(MERGE_FIXTURES / "1.1" / "simple.json")
        assert report.releases == 2


@pytest.mark.parametrize("name", ["validate", "dict", "json", "parse_obj", "copy", "construct", "schema"])
def test_no_pydantic_v1_methods(name: str, releases: list[dict[str, Any]]) -> None:
    release = Release.from_dict(releases[0])
    assert not hasattr(release, name)
    assert not hasattr(Release, name)


# ------------------------------------------------------------------------------ versioned extension URLs


def test_extensions_are_declared_by_their_versioned_urls() -> None:
    urls = extension_urls()
    community = [url for url in urls if "open-contracting-extensions" in url]
    assert len(community) == 4
    for url in community:
        assert "/master/" not in url and "/v1.1.5/extension.json" in url
        assert find_bundled_extension(url) is not None
    indonesia = json.loads((ROOT / "schemas/extensions/indonesia.json").read_bytes())
    assert all("/master/" not in url for url in indonesia["dependencies"])
