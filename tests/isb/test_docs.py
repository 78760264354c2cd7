"""docs/local-data.md stays in step with the dataset registry."""

from __future__ import annotations

import re

from ocds_regency.isb import DATASETS
from tests.conftest import ROOT


def test_every_dataset_and_field_is_documented() -> None:
    text = (ROOT / "docs" / "local-data.md").read_text("utf-8")
    sections = dict(re.findall(r"^### (\S+)\n(.*?)(?=^### |^## )", text, flags=re.MULTILINE | re.DOTALL))
    documented_models: dict[type, str] = {}
    for name, dataset in DATASETS.items():
        assert name in sections, f"{name} has no section in docs/local-data.md"
        body = sections[name]
        for key in dataset.keys:
            assert f"key `{key}`" in body, name
        model = dataset.model
        if model in documented_models:
            assert documented_models[model] in body, name
            continue
        documented_models[model] = name
        rows = dict(re.findall(r"^\| `([^`]+)` \| (\w+) \|", body, flags=re.MULTILINE))
        expected = {model._spec.output_keys[field]: kind for field, kind in model.field_kinds().items()}
        assert rows == expected, f"field table of {name} is out of date"


def test_every_test_named_in_the_section9_table_exists() -> None:
    text = (ROOT / "docs" / "local-data.md").read_text("utf-8")
    section = text.split("## Bad-input cases (domain notes §9)\n", 1)[1].split("\n## ", 1)[0]
    aliases = dict(re.findall(r"`([A-Z])`,?\s+(?:is\s+)?`(tests/[\w/]+\.py)`", section))
    assert set(aliases) == {"P", "R", "A", "M", "C", "V", "Q"}
    rows = [line for line in section.splitlines() if re.match(r"\| 9\.\d ", line)]
    numbers = {line.split("|")[1].strip() for line in rows}
    assert numbers == {f"9.{n}" for n in range(1, 10)}, "every item of §9 has at least one row"
    for line in rows:
        cited = re.findall(r"`(?:([A-Z])|(tests/[\w/]+\.py))::(test_\w+)`", line)
        assert cited, f"no test named for: {line}"
        for alias, path, name in cited:
            source = (ROOT / (aliases[alias] if alias else path)).read_text("utf-8")
            assert re.search(rf"^def {name}\(", source, flags=re.MULTILINE), f"{name} is not in {alias or path}"
            if "**gap**" in line:
                assert "_gap_" in name
