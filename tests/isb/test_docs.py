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
