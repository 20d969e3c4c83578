"""A plan pack's files in and out of folders and zip archives (bytes, for the faces).

The core (:mod:`cityclimate.planpack`) reads and writes a pack as a mapping of path inside the
pack → content; this module turns a folder or a zip upload into that mapping and back. A zip
whose files all sit in one top folder (as ``zip -r liangjiang.zip liangjiang/`` makes) is read
as if that folder were the pack. Archives are checked before anything is unpacked: size,
number of files, paths that would leave the pack, and files that are not text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from cityclimate.errors import DataValidationError, Problem

#: Largest zip upload and largest unpacked pack accepted (bytes), and most files.
MAX_ZIP_BYTES = 5_000_000
MAX_UNPACKED_BYTES = 20_000_000
MAX_FILES = 200
#: Suffixes of the files a pack holds.
PACK_SUFFIXES = (".toml", ".csv", ".md", ".txt")


def _refuse(where: str, value: str, zh: str, en: str) -> DataValidationError:
    return DataValidationError([Problem(where, None, None, value, zh, en)])


def read_pack_folder(folder: Path) -> dict[str, bytes]:
    """The pack's files in ``folder`` (recursively): relative POSIX path → bytes.

    Raises
    ------
    DataValidationError
        When ``folder`` is not a folder or holds no ``pack.toml``.
    """
    if not folder.is_dir():
        raise _refuse(
            str(folder), str(folder), "规划包文件夹不存在", "the plan pack folder does not exist"
        )
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix.lower() in PACK_SUFFIXES
    }
    if "pack.toml" not in files:
        raise _refuse(
            str(folder),
            "pack.toml",
            "文件夹中没有 pack.toml；请选择规划包的根文件夹",
            "the folder has no pack.toml; choose the plan pack's top folder",
        )
    return files


def write_pack_folder(files: Mapping[str, str], folder: Path) -> list[Path]:
    """Write a pack's files (UTF-8) into ``folder``; return the paths written."""
    written = []
    for name, text in sorted(files.items()):
        path = folder.joinpath(*PurePosixPath(name).parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def read_pack_zip(data: bytes, where: str = "plan.zip") -> dict[str, bytes]:
    """The pack's files in a zip archive: path inside the pack → bytes.

    Raises
    ------
    DataValidationError
        When the archive is too large, not a zip, holds a path outside the pack or too many
        files, or has no ``pack.toml``.
    """
    if len(data) > MAX_ZIP_BYTES:
        raise _refuse(
            where,
            str(len(data)),
            f"压缩包超过 {MAX_ZIP_BYTES // 1_000_000} MB",
            f"the archive is larger than {MAX_ZIP_BYTES // 1_000_000} MB",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _refuse(
            where,
            "",
            "不是 zip 压缩包；请上传规划包的 .zip 文件",
            "not a zip archive; upload the pack as .zip",
        ) from exc
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > MAX_FILES or sum(info.file_size for info in entries) > MAX_UNPACKED_BYTES:
        raise _refuse(
            where,
            str(len(entries)),
            "压缩包中的文件过多或解压后过大",
            "the archive holds too many files or is too large unpacked",
        )
    names = {}
    for info in entries:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            raise _refuse(
                where,
                info.filename,
                "压缩包中的路径超出规划包文件夹",
                "a path in the archive leaves the pack's folder",
            )
        if path.name.startswith(".") or path.parts[0] == "__MACOSX":
            continue
        if path.suffix.lower() in PACK_SUFFIXES:
            names[path] = info
    tops = {path.parts[0] for path in names if len(path.parts) > 1}
    strip = len(tops) == 1 and all(len(path.parts) > 1 for path in names)
    files = {
        PurePosixPath(*path.parts[1:]).as_posix() if strip else path.as_posix(): archive.read(info)
        for path, info in names.items()
    }
    if "pack.toml" not in files:
        raise _refuse(
            where,
            "pack.toml",
            "压缩包中没有 pack.toml；请压缩规划包的根文件夹",
            "the archive has no pack.toml; zip the plan pack's top folder",
        )
    return files


def pack_zip(files: Mapping[str, str], folder: str = "") -> bytes:
    """A zip archive of a pack's files (UTF-8), under ``folder/`` when given."""
    out = io.BytesIO()
    prefix = f"{folder.strip('/')}/" if folder else ""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(files.items()):
            archive.writestr(prefix + name, text.encode("utf-8"))
    return out.getvalue()
