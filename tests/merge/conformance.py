"""The ocds-merge conformance fixtures (tests/fixtures/ocds-merge, a copy of ../shared), as test cases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ocds_regency.merge import APPEND, MERGE_BY_POSITION, Strategy
from tests.conftest import MERGE_FIXTURES

BASE = MERGE_FIXTURES
SCHEMAS = {
    "1.1": BASE / "release-schema-1__1__4.json",
    "1.0": BASE / "release-schema-1__0__3.json",
    "schema": BASE / "schema.json",
}
OVERRIDES = {"append": APPEND, "by-position": MERGE_BY_POSITION}
#: Fixtures whose merge warns, with the expected warnings.
WARNINGS = {
    "identifier-merge-duplicate-id": [
        "Multiple objects have the `id` value '1' in the `nested.identifierMerge` array",
        "Multiple objects have the `id` value '1' in the `nested.array` array",
    ]
}


@dataclass(frozen=True)
class Case:
    directory: str
    name: str
    kind: str  # "compiled", "versioned", "append", "by-position"

    @property
    def input(self) -> Path:
        return BASE / self.directory / f"{self.name}.json"

    @property
    def expected(self) -> Path:
        return BASE / self.directory / f"{self.name}-{self.kind}.json"

    @property
    def schema(self) -> Path:
        return SCHEMAS[self.directory]

    @property
    def strategy(self) -> Strategy | None:
        return OVERRIDES.get(self.kind)

    def __str__(self) -> str:
        return f"{self.directory}/{self.name}-{self.kind}"


def cases() -> list[Case]:
    found = []
    for directory in SCHEMAS:
        for path in sorted((BASE / directory).glob("*-*.json")):
            for kind in ("compiled", "versioned", "append", "by-position"):
                if path.stem.endswith(f"-{kind}"):
                    found.append(Case(directory, path.stem.removesuffix(f"-{kind}"), kind))
                    break
    return found
