"""Properties of the store's comparison, over random sequences of source changes (SQLite)."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ocds_regency.store import ReleaseStore, fingerprint

OCID = "ocds-zz9999-lpse1-tender-1"

# one state of a process in the source: (tender title, contract value, contract end day)
states = st.tuples(st.sampled_from(["Jalan", "Jembatan"]), st.sampled_from([100, 120, 150]), st.integers(1, 3))


def _conversion(title: str, value: int, day: int) -> list[dict[str, Any]]:
    tender = {
        "ocid": OCID,
        "id": f"{OCID}-tender-{len(title):012d}",
        "date": "2025-01-10T10:00:00+07:00",
        "tag": ["tender"],
        "tender": {"id": "1", "title": title},
    }
    contract = {
        "ocid": OCID,
        "id": f"{OCID}-contract-{value:06d}{day:06d}",
        "date": "2025-03-01T00:00:00+07:00",
        "tag": ["contract"],
        "contracts": [
            {
                "id": "K-1",
                "value": {"amount": Decimal(value) + Decimal("0.5"), "currency": "IDR"},
                "period": {"endDate": f"2025-06-0{day}T00:00:00+07:00"},
            }
        ],
    }
    return [tender, contract]


@settings(max_examples=25, deadline=None)
@given(st.lists(states, min_size=1, max_size=5))
def test_history_is_append_only_and_follows_the_source(runs: list[tuple[str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        location = Path(folder) / "store.sqlite"
        previous: list[str] = []
        latest: dict[str, tuple[str, dict[str, Any]]] = {}
        contract_changes = 0
        for n, (title, value, day) in enumerate(runs):
            seen = f"2025-11-{n + 10:02d}T15:00:00+07:00"
            group = _conversion(title, value, day)
            with ReleaseStore.open(location, seen=seen) as store:
                history = store.update(group).history
                store.finish()
                store.commit()
            ids = [r.release_id for r in history]
            assert ids[: len(previous)] == previous  # nothing rewritten or removed
            assert len(set(ids)) == len(ids)
            added = history[len(previous) :]
            changed_stages = {
                stage
                for stage, release in zip(("tender", "contract"), group, strict=True)
                if stage not in latest or fingerprint(latest[stage][1]) != fingerprint(release)
            }
            assert {r.stage for r in added} == changed_stages
            for stored in added:
                release = next(r for r in group if r["id"].split("-")[-2] == stored.stage)
                assert stored.fingerprint == fingerprint(release)
                if stored.stage in latest:
                    assert stored.date == seen
                    old = latest[stored.stage][1]
                    if stored.stage == "contract":
                        data = json.loads(stored.data)
                        listed = data["contracts"][0]["amendments"]
                        contract_changes += 1
                        assert len(listed) == contract_changes  # earlier amendments carried
                        assert len({a["id"] for a in listed}) == len(listed)
                        amendment = listed[-1]
                        assert amendment["amendsReleaseID"] == latest["contract"][0]
                        assert amendment["releaseID"] == stored.release_id
                        assert old["contracts"][0] != release["contracts"][0]
                    else:
                        assert "amendments" not in stored.data.decode()
                latest[stored.stage] = (stored.release_id, release)
            previous = ids


def test_a_later_date_from_the_source_dates_the_new_release(tmp_path: Path) -> None:
    location = tmp_path / "store.sqlite"
    first = _conversion("Jalan", 100, 1)
    with ReleaseStore.open(location, seen="2025-11-10T15:00:00+07:00") as store:
        store.update(first)
        store.finish()
        store.commit()
    later = _conversion("Jalan", 120, 1)
    later[1]["date"] = "2025-12-01T09:00:00+07:00"  # the source dates the contract change itself
    unchanged_date = _conversion("Jalan", 150, 1)  # the next change keeps the source's old date
    unchanged_date[1]["date"] = "2025-12-01T09:00:00+07:00"
    with ReleaseStore.open(location, seen="2025-11-11T15:00:00+07:00") as store:
        history = store.update(later).history
        store.finish()
        store.commit()
    assert history[-1].date == "2025-12-01T09:00:00+07:00"
    with ReleaseStore.open(location, seen="2025-12-05T15:00:00+07:00") as store:
        history = store.update(unchanged_date).history
        store.finish()
        store.commit()
    assert history[-1].date == "2025-12-05T15:00:00+07:00"
    assert [r.stage for r in history] == ["tender", "contract", "contract", "contract"]
