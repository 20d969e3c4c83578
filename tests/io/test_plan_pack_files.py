"""Plan packs in and out of folders and zip archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.io.plan_pack_files import (
    MAX_ZIP_BYTES,
    pack_zip,
    read_pack_folder,
    read_pack_zip,
    write_pack_folder,
)

FILES = {"pack.toml": 'territory = "X"\n', "pathways/scenarios/a.toml": "name = 'a'\n"}


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_round_trips_with_or_without_a_top_folder() -> None:
    expected = {name: text.encode("utf-8") for name, text in FILES.items()}
    assert read_pack_zip(pack_zip(FILES, folder="plan-X")) == expected
    assert read_pack_zip(pack_zip(FILES)) == expected


def test_system_files_of_archivers_are_skipped() -> None:
    entries = {f"p/{n}": t.encode() for n, t in FILES.items()}
    entries["__MACOSX/p/._pack.toml"] = b"\x00"
    entries["p/.DS_Store"] = b"\x00"
    assert set(read_pack_zip(zipped(entries))) == set(FILES)


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (b"PK not really", ""),
        (zipped({"../pack.toml": b"x"}), "../pack.toml"),
        (zipped({"plan/indicators.csv": b"x"}), "pack.toml"),
        (b"\0" * (MAX_ZIP_BYTES + 1), str(MAX_ZIP_BYTES + 1)),
    ],
)
def test_bad_archives_are_refused_before_anything_is_read(data: bytes, value: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        read_pack_zip(data, "upload.zip")
    (problem,) = caught.value.problems
    assert (problem.where, problem.value) == ("upload.zip", value)


def test_a_folder_round_trips(tmp_path: Path) -> None:
    write_pack_folder(FILES, tmp_path / "pack")
    assert read_pack_folder(tmp_path / "pack") == {n: t.encode() for n, t in FILES.items()}
    with pytest.raises(DataValidationError):
        read_pack_folder(tmp_path / "pack" / "pathways")  # no pack.toml
