"""Without the dask extra, the Dask entry points say in one line how to install it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ocds_regency.cli import main
from ocds_regency.dask import DaskUnavailableError, connect


def test_connect_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    with pytest.raises(DaskUnavailableError, match=r"pip install 'ocds-regency\[dask\]'"), connect("local:1"):
        pass


def test_cli_without_the_extra_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    (tmp_path / "x.json").write_text("[]")
    args = ["convert", str(tmp_path / "x.json"), "--prefix", "ocds-test00", "--out-dir", str(tmp_path / "o")]
    assert main([*args, "--scheduler", "local:1"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'ocds-regency[dask]'" in err
    assert "Traceback" not in err


def test_local_needs_a_number_of_workers() -> None:
    with pytest.raises(Exception, match="number of workers"), connect("local:many"):
        pass


@pytest.mark.parametrize(
    ("helper", "module", "purpose"),
    [
        ("_distributed", "distributed", "running on Dask"),
        ("_bag", "dask.bag", "running on Dask"),
        ("_dask", "dask", "running on Dask"),
        ("_fsspec", "fsspec", "reading and writing URLs"),
    ],
)
def test_each_module_of_the_extra_missing_is_one_error_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch, helper: str, module: str, purpose: str
) -> None:
    from ocds_regency.dask import _engine

    monkeypatch.setitem(sys.modules, module, None)  # importing it now fails
    with pytest.raises(DaskUnavailableError, match=rf"^{purpose} needs the dask extra: pip install"):
        getattr(_engine, helper)()
