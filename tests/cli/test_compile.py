"""``ocds-regency compile``: conformance through the command line, packages, bad input, parallel merging."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.conftest import MERGE_FIXTURES
from tests.merge.conformance import Case, cases

from ocds_regency.cli import main
from ocds_regency.compile import engine
from ocds_regency.standard import load_extension, load_profile

CASES = cases()


def compile_(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, bytes, str]:
    output = tmp_path / "out.json"
    status = main(["compile", *args, "-o", str(output)])
    return status, output.read_bytes() if output.exists() else b"", capsys.readouterr().err


def lines(data: bytes) -> list[Any]:
    return [json.loads(line) for line in data.splitlines()]


def release(ocid: str, date: str, **fields: Any) -> dict[str, Any]:
    return {"ocid": ocid, "id": f"{ocid}-{date}", "date": date, "tag": ["tender"], "initiationType": "tender", **fields}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_conformance(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--schema", str(case.schema), str(case.input)]
    if case.kind == "versioned":
        args.append("--versioned")
    if case.strategy is not None:
        args += [f"--{case.kind.replace('by-position', 'merge-by-position')}", "nested.array", str(case.input)]
    status, out, err = compile_(args, tmp_path, capsys)
    assert status == 0, err
    assert lines(out) == [json.loads(case.expected.read_bytes())]
    if case.name == "identifier-merge-duplicate-id" and case.strategy is None:
        assert err.splitlines() == [
            "ocds-regency: warning: ocds-213czf-1: Multiple objects have the `id` value '1' in the "
            "`nested.identifierMerge` array",
            "ocds-regency: warning: ocds-213czf-1: Multiple objects have the `id` value '1' in the "
            "`nested.array` array",
        ]
    elif case.strategy is None:
        assert err == ""


def write_package(path: Path, uri: str, releases: list[dict[str, Any]], **metadata: Any) -> Path:
    package = {"uri": uri, "publishedDate": "2024-01-01T00:00:00Z", "version": "1.1", **metadata}
    package["releases"] = releases
    path.write_text(json.dumps(package, indent=2))
    return path


def test_record_package_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write_package(
        tmp_path / "a.json",
        "https://example.com/a.json",
        [release("ocds-b", "2024-01-01T00:00:00Z", parties=[{"id": "1", "name": "A", "roles": ["buyer"]}])],
        publisher={"name": "Dinas A"},
        extensions=["https://example.com/x/extension.json"],
    )
    second = write_package(
        tmp_path / "b.json",
        "https://example.com/b.json",
        [
            release("ocds-b", "2024-02-01T00:00:00Z", tender={"id": "t", "status": "active"}),
            release("ocds-a", "2024-02-01T00:00:00Z", tender={"id": "t"}),
        ],
        publisher={"name": "Dinas B"},
        license="https://creativecommons.org/licenses/by/4.0/",
    )
    status, out, err = compile_(
        [
            "--package",
            "--versioned",
            "--linked-releases",
            "--uri",
            "https://example.com/records.json",
            "--published-date",
            "2024-03-01T00:00:00Z",
            str(first),
            str(second),
        ],
        tmp_path,
        capsys,
    )
    assert status == 0, err
    package = json.loads(out)
    profile = load_profile()
    validator = jsonschema.Draft4Validator(profile.record_package_schema, registry=profile.registry())
    assert [error.message for error in validator.iter_errors(package)] == []
    assert {key: value for key, value in package.items() if key != "records"} == {
        "uri": "https://example.com/records.json",
        "publisher": {"name": "Dinas B"},
        "publishedDate": "2024-03-01T00:00:00Z",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "version": "1.1",
        "extensions": ["https://example.com/x/extension.json"],
        "packages": ["https://example.com/a.json", "https://example.com/b.json"],
    }
    assert [record["ocid"] for record in package["records"]] == ["ocds-a", "ocds-b"]
    record = package["records"][1]
    assert record["releases"][0] == {
        "url": "https://example.com/a.json#ocds-b-2024-01-01T00:00:00Z",
        "date": "2024-01-01T00:00:00Z",
        "tag": ["tender"],
    }
    assert record["compiledRelease"]["tender"] == {"id": "t", "status": "active"}
    assert record["versionedRelease"]["tender"]["status"][0]["releaseID"] == "ocds-b-2024-02-01T00:00:00Z"


@pytest.mark.parametrize("versioned", [False, True])
def test_a_record_package_declares_the_extensions_its_records_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], versioned: bool
) -> None:
    # Found in each record's compiled release alone: a field only in the releases' history (set, then
    # null) is not in the compiled release, so it declares nothing.
    path = tmp_path / "releases.jsonl"
    releases = [
        release("ocds-a", "2024-01-01T00:00:00Z", bids={"details": [{"id": "1", "status": "valid"}]}),
        release("ocds-b", "2024-01-01T00:00:00Z", parties=[{"id": "1", "details": {"scale": "sme"}}]),
        release("ocds-b", "2024-02-01T00:00:00Z", parties=[{"id": "1", "details": {"scale": None}}]),
        release("ocds-c", "2024-01-01T00:00:00Z", planning={"budget": {"budgetBreakdown": [{"id": "1"}]}}),
    ]
    path.write_text("".join(json.dumps(item) + "\n" for item in releases))
    status, out, err = compile_(["--package", *(["--versioned"] if versioned else []), str(path)], tmp_path, capsys)
    assert status == 0, err
    package = json.loads(out)
    expected = [load_extension(name).url for name in ("bids", "budgetBreakdown")]
    assert package["extensions"] == expected
    assert ("versionedRelease" in package["records"][1]) is versioned


def test_publisher_options_and_embedded_releases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(release("ocds-a", "2024-01-01")) + "\n")
    status, out, _ = compile_(
        ["--package", "--publisher-name", "LKPP", "--publisher-uid", "123", "--publisher-scheme", "ID-X", str(source)],
        tmp_path,
        capsys,
    )
    assert status == 0
    package = json.loads(out)
    assert package["publisher"] == {"name": "LKPP", "scheme": "ID-X", "uid": "123"}
    assert "packages" not in package
    assert package["records"][0]["releases"] == [release("ocds-a", "2024-01-01")]
    assert "versionedRelease" not in package["records"][0]


def test_bad_input_is_reported_and_the_rest_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(
        "\n".join(
            json.dumps(item)
            for item in [
                release("ocds-a", "2024-01-01"),
                "not a release",
                release("ocds-b", "2024-01-01"),
                {"ocid": "ocds-b", "id": "no-date"},
                release("ocds-c", "2024-01-01"),
            ]
        )
        + "\n"
    )
    current = write_package(tmp_path / "current.json", "u1", [release("ocds-d", "2024-01-01")])
    old = write_package(tmp_path / "old.json", "u2", [release("ocds-g", "2024-01-01")])
    old.write_text(old.read_text().replace('"version": "1.1"', '"version": "1.2"'))
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text(json.dumps(release("ocds-e", "2024-01-01")) + "\n" + '{"ocid": "ocds-f", "da')
    status, out, err = compile_([str(good), str(current), str(old), str(truncated)], tmp_path, capsys)
    assert status == 1
    assert [item["ocid"] for item in lines(out)] == ["ocds-a", "ocds-c", "ocds-d", "ocds-e"]
    messages = err.splitlines()
    assert len(messages) == 4, err
    assert messages[0] == f"ocds-regency: error: {good}, line 2: a release must be a JSON object, not str"
    assert messages[1] == (
        f"ocds-regency: error: {old}, releases[0]: the package declares OCDS 1.2, but {current}, releases[0] "
        "declared 1.1; merge one version at a time"
    )
    # JSON Lines releases are decoded when their contracting process is merged, in ocid order
    assert messages[2] == (
        f"ocds-regency: error: {good}, line 4: ocds-b: The `date` field of at least one release is missing."
    )
    assert messages[3].startswith(f"ocds-regency: error: {truncated}, line 2: invalid JSON (truncated?)")


def test_ocds_10_is_upgraded_with_ocdskit_or_merged_with_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = write_package(tmp_path / "p.json", "u", [release("ocds-a", "2024-01-01")])
    package.write_text(package.read_text().replace('"version": "1.1"', '"version": "1.0"'))
    status, out, err = compile_([str(package)], tmp_path, capsys)
    assert status == 0, err
    assert lines(out)[0]["ocid"] == "ocds-a"
    assert err == f"ocds-regency: warning: {package}: the package declares OCDS 1.0: upgraded to 1.1 with ocdskit\n"
    schema = MERGE_FIXTURES / "release-schema-1__0__3.json"
    status, out, err = compile_(["--schema", str(schema), str(package)], tmp_path, capsys)
    assert status == 0, err
    assert err == ""
    assert lines(out)[0]["ocid"] == "ocds-a"


def test_ocds_10_organisations_become_parties(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ocdskit.combine import merge
    from ocdskit.upgrade import upgrade_10_11

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "ocds-1.0" / "release-package.json"
    options = ["--package", "--published-date", "2020-01-01T00:00:00Z"]
    status, out, _err = compile_([*options, str(fixture)], tmp_path, capsys)
    assert status == 0
    package = json.loads(out)
    assert package["version"] == "1.1"
    (record,) = package["records"]
    compiled = record["compiledRelease"]
    assert {party["name"]: sorted(party["roles"]) for party in compiled["parties"]} == {
        "Dinas Pendidikan": ["buyer", "procuringEntity"],
        "CV Maju": ["supplier"],  # the award release's parties replace the roles (a list of strings)
    }
    transaction = compiled["contracts"][0]["implementation"]["transactions"][0]
    assert transaction["value"] == {"amount": 70000000, "currency": "IDR"}
    # The same as ocdskit's own upgrade followed by ocdskit's merge
    upgraded = upgrade_10_11(json.loads(fixture.read_text()), reorder=False)
    schema = load_profile().release_schema
    (theirs,) = list(merge([upgraded], schema=schema, return_package=False))
    assert compiled["parties"] == theirs["parties"]
    assert compiled["awards"] == theirs["awards"]


def test_warnings_once_per_ocid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parties = [{"id": "1", "name": "A"}, {"id": "1", "name": "B"}]
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(json.dumps(release("ocds-a", f"2024-01-0{day}", parties=parties)) for day in (1, 2, 3)) + "\n"
    )
    status, _, err = compile_([str(source)], tmp_path, capsys)
    assert status == 0
    assert err.splitlines() == [
        "ocds-regency: warning: ocds-a: Multiple objects have the `id` value '1' in the `parties` array"
    ]


def many_releases(count: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    out = []
    for number in range(count):
        for stage in range(3):
            out.append(
                release(
                    f"ocds-{number:04d}",
                    f"2024-0{stage + 1}-01",
                    tender={"items": [{"id": str(rng.randint(1, 3)), "quantity": rng.randint(1, 9)}]},
                    parties=[{"id": "p", "name": rng.choice(["A", "B", None])}],
                    description="x" * 3000,  # 450 releases > 1 MB: --memory-limit 1 spills to disk
                )
            )
    return out


@pytest.mark.parametrize("kind", [[], ["--versioned"], ["--package", "--versioned"]])
def test_workers_shuffling_and_spilling_give_the_same_output(
    kind: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = many_releases(150)
    grouped = tmp_path / "grouped.jsonl"
    grouped.write_text("".join(json.dumps(item) + "\n" for item in data))
    random.Random(3).shuffle(data)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("".join(json.dumps(item) + "\n" for item in data))
    fixed = ["--published-date", "2024-01-01T00:00:00Z"]
    status, expected, err = compile_([*kind, *fixed, "--workers", "1", str(grouped)], tmp_path, capsys)
    assert status == 0, err
    monkeypatch.setattr(engine, "_INLINE_GROUPS", 0)
    monkeypatch.setattr(engine, "_BATCH_GROUPS", 7)
    status, parallel, err = compile_([*kind, *fixed, "--workers", "2", str(grouped)], tmp_path, capsys)
    assert status == 0, err
    assert parallel == expected
    status, spilled, err = compile_([*kind, *fixed, "--memory-limit", "1", str(shuffled)], tmp_path, capsys)
    assert status == 0, err
    if "--package" in kind:
        # records list their releases in input order, which shuffling changes; nothing else may differ
        ours, theirs = json.loads(spilled), json.loads(expected)
        for record in [*ours["records"], *theirs["records"]]:
            record["releases"].sort(key=lambda item: item["date"])
        assert ours == theirs
    else:
        assert spilled == expected
    assert len(json.loads(expected)["records"] if "--package" in kind else lines(expected)) == 150


def test_linked_releases_need_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = compile_(["--linked-releases", str(tmp_path / "x.json")], tmp_path, capsys)
    assert status == 2
    assert "--linked-releases needs --package" in err


ONLY_RELEASES_CASES = [
    (b"", True),
    (b"\n\n", True),
    (b'{"ocid":"a","x":1}\n', True),
    (b'{"ocid":"a","x":1}', True),  # no newline at the end
    (b'{"ocid":"a","x":1}\n\n{"ocid":"b","y":2}\n', True),
    (b'  {"ocid" : "a" ,"x":1}\r\n\r\n', True),
    (b'{"ocid":"a","x":1}\n   \n', True),
    (b'{"ocid":"abcdefgh",' + b'"x":"' + b"y" * 50 + b'"}\n{"ocid":"b","z":1}', True),  # lines longer than a block
    (b'{"ocid":"a","x":1}\n' * 20, True),
    (b'{"id":1}\n', False),
    (b'{"ocid":"a","x":1}\n{"id":2}', False),
    (b'{"ocid":"a","x":1}\n' * 20 + b'{"id":2}\n', False),
    (b'\n\n{"x":1}', False),
    (b'[{"ocid":"a","x":1}]\n', False),
    (b'{"ocid":"a\\"b","x":1}\n', False),  # an escaped ocid: decoded normally
    (b'{"ocid":"","x":1}\n', False),
    (b'{"ocid":"a"}\n', False),
    (b'{"releases":[]}\n{"ocid":"a","x":1}\n', False),  # a package: its metadata matters
]


def test_a_one_process_run_imports_no_worker_or_spilling_machinery(tmp_path: Path) -> None:
    # Start-up is most of a small run: multiprocessing (a sixth of it), sqlite3 and zoneinfo are imported
    # only when a worker starts, a shuffled input spills, or --timezone names a zone.
    path = tmp_path / "releases.jsonl"
    path.write_text(json.dumps(release("ocds-a", "2024-01-01T00:00:00Z")) + "\n")
    heavy = ("multiprocessing", "sqlite3", "zoneinfo")
    code = (
        "import sys; from ocds_regency.cli import main; "
        f"status = main(['compile', '--package', '--versioned', {str(path)!r}, '-o', {str(tmp_path / 'out.json')!r}]); "
        f"print(status, sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0 []", result.stderr
