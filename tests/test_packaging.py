"""The installed package is self-contained: schemas inside the wheel, nothing read from ../shared."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import jsonschema

import ocds_regency
from tests.conftest import ISB_SAMPLES

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "ocds_regency"


SCHEMAS = ROOT / "schemas"


def _schema_files() -> set[str]:
    return {str(path.relative_to(SCHEMAS)) for path in SCHEMAS.rglob("*.json")}


def test_wheel_ships_every_schema_and_py_typed(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("ocds_regency-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ocds_regency/py.typed" in names
    shipped = {name.removeprefix("ocds_regency/schemas/") for name in names if name.startswith("ocds_regency/schemas/")}
    assert {name for name in shipped if name.endswith(".json")} == _schema_files()
    for required in (
        "ocds/1.1/release-schema.json",
        "ocds/1.1/release-package-schema.json",
        "ocds/1.1/record-package-schema.json",
        "ocds/1.1/versioned-release-validation-schema.json",
        "ocds/1.1/codelists.json",
        "extensions/bids.json",
        "extensions/procedure.json",
        "extensions/indonesia.json",
        "isb/SPSE-TenderPengumuman.json",
        "isb/RUP-PaketPenyedia-Terumumkan.json",
        "titles-id.json",
    ):
        assert required in shipped, required
    assert "ocds_regency/validate/templates/validation.html.j2" in names
    assert "ocds_regency/reporting/templates/report.html.j2" in names
    assert "ocds_regency/reporting/templates/report_parts.html.j2" in names
    assert "ocds_regency/flags/templates/flags.html.j2" in names
    catalog = {path.name for path in (ROOT / "src" / "ocds_regency" / "i18n").glob("*.toml")}
    assert catalog and {f"ocds_regency/i18n/{name}" for name in catalog} <= names  # the message catalog
    assert any(name.endswith(".dist-info/entry_points.txt") for name in names)


def _project_json_files() -> list[str]:
    """The JSON files of the project: git's list in a checkout, else (an exported tree) those on disk outside
    hidden, virtual-environment and build folders."""
    if (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "*.json"], cwd=ROOT, capture_output=True, text=True, check=True)
        return listed.stdout.split()
    skipped = {"build", "dist", "site", "node_modules"}
    return [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.json")
        if not any(
            part.startswith(".") or part in skipped or part.endswith(".egg-info")
            for part in path.relative_to(ROOT).parts[:-1]
        )
    ]


def test_one_copy_of_the_schemas_in_git() -> None:
    names = {Path(name).name for name in _schema_files()} - {"extension.json"}
    copies = [
        path
        for path in _project_json_files()
        if Path(path).name in names and not path.startswith(("schemas/", "tests/fixtures/", "examples/"))
    ]
    assert copies == [], "a second copy of a shipped schema is committed"
    assert not (SRC / "schemas").exists()


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT / "src").parts) for path in SRC.rglob("__init__.py")}
    assert found <= listed
    assert listed - found == {"ocds_regency.schemas", "ocds_regency.schemas.extensions", "ocds_regency.schemas.isb"}


def test_the_isb_schemas_are_current() -> None:
    spec = importlib.util.spec_from_file_location("derive_schemas", ROOT / "scripts" / "derive_schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    derived = module.derive_isb()
    assert derived
    for relative, value in derived.items():
        assert (SCHEMAS / relative).read_text(encoding="utf-8") == module.dump(value), relative


def test_the_isb_schemas_accept_the_real_rows_and_refuse_rows_without_keys() -> None:
    checked = 0
    for path in sorted(ISB_SAMPLES.glob("*.json")):
        schema = json.loads((SCHEMAS / "isb" / path.name).read_bytes())
        validator = jsonschema.Draft202012Validator(schema)
        rows = json.loads(path.read_bytes())
        for row in rows:
            assert not list(validator.iter_errors(row)), (path.name, row)
            checked += 1
        keyless = {key: value for key, value in rows[0].items() if key not in schema["required"]}
        assert list(validator.iter_errors(keyless)), path.name
    assert checked > 300


def test_the_isb_schemas_accept_the_real_year(shared: Path) -> None:
    checked = 0
    for path in sorted((shared / "domain" / "isb-real-2025").glob("*.json")):
        data = json.loads(path.read_bytes())
        rows = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
        validator = jsonschema.Draft202012Validator(json.loads((SCHEMAS / "isb" / path.name).read_bytes()))
        for row in rows:
            assert not list(validator.iter_errors(row)), (path.name, row)
            checked += 1
    assert checked > 10_000


def test_the_installed_package_reads_its_schemas() -> None:
    files = resources.files("ocds_regency.schemas")
    assert json.loads((files / "isb" / "SPSE-TenderSelesai.json").read_text(encoding="utf-8"))["title"] == (
        "SPSE-TenderSelesai"
    )
    assert (files / "ocds" / "1.1" / "release-schema.json").is_file()


def test_source_never_refers_to_the_reference_folder() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in SRC.rglob("*.py")
        if "shared/" in path.read_text(encoding="utf-8").replace("../shared/domain", "")
    ]
    assert offenders == []


def test_cli_version_matches_the_package() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ocds_regency", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert ocds_regency.__version__ in result.stdout


def test_every_dependency_is_imported_by_the_package() -> None:
    """``pip install ocds-regency`` pulls nothing that the package does not import."""
    import ast
    import importlib.metadata
    import re
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in declared}
    modules: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    distributions = importlib.metadata.packages_distributions()
    imported = {dist.lower().replace("_", "-") for module in modules for dist in distributions.get(module, [])}
    assert names - imported == set(), "declared dependencies that src/ never imports"
