"""Map shapes uploaded by an office: GeoJSON, or an ESRI Shapefile (zipped) converted to GeoJSON.

A Shapefile comes as one .zip holding ``name.shp``, ``name.shx`` and ``name.dbf`` (and
usually ``name.prj``); pyshp reads it and every record becomes a GeoJSON Feature whose
properties are the attribute table's row, plus ``id`` taken from the column ``id_field``
(``id`` unless told; the sub-area or drainage-zone id the platform keys shapes by). The
coordinate system is not transformed: the ``.prj`` text is returned with the shapes so that the
stored source says which system the coordinates are in (official boundaries in CGCS2000 or
WGS 84 degrees draw as they are).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import shapefile

from cityclimate.errors import DataValidationError
from cityclimate.io.activity_files import decode_text
from cityclimate.io.limits import UploadLimits, check_size, file_problem, inspect_package


def read_shapes(
    name: str, data: bytes, *, id_field: str = "id", limits: UploadLimits | None = None
) -> tuple[dict[str, Any], str]:
    """(GeoJSON FeatureCollection, coordinate-system text or "") of an uploaded shape file.

    Raises
    ------
    DataValidationError
        Not GeoJSON nor a zip with a Shapefile; a Shapefile part missing or unreadable; no
        column ``id_field`` in its attribute table (the message lists the columns it has).
    """
    limits = limits or UploadLimits()
    check_size(name, data, limits)
    if not data.startswith(b"PK"):
        try:
            loaded = json.loads(decode_text(name, data))
        except json.JSONDecodeError as exc:
            raise DataValidationError([file_problem(name,
                f"既不是 GeoJSON（{exc.msg}，第 {exc.lineno} 行），也不是含 Shapefile 的 zip 文件",
                f"neither GeoJSON ({exc.msg}, line {exc.lineno}) nor a zip holding a Shapefile")]) from exc  # fmt: skip
        if not isinstance(loaded, dict):
            raise DataValidationError([file_problem(name, "GeoJSON 应为 FeatureCollection 对象",
                                                    "GeoJSON must be a FeatureCollection object")])  # fmt: skip
        return loaded, ""
    inspect_package(name, data, limits)  # sizes and inflation checked before any part is read
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = {n.lower(): n for n in package.namelist() if not n.endswith("/")}
        shp = next((n for n in sorted(names) if n.endswith(".shp")), None)
        if shp is None:
            raise DataValidationError([file_problem(name, "zip 文件中没有 .shp 文件",
                                                    "the zip holds no .shp file")])  # fmt: skip
        stem = shp[: -len(".shp")]
        parts: dict[str, bytes] = {}
        for ext in ("shp", "shx", "dbf", "prj"):
            member = names.get(f"{stem}.{ext}")
            if member is None and ext != "prj":
                raise DataValidationError([file_problem(name,
                    f"缺少 {stem}.{ext}：Shapefile 须同时含 .shp、.shx 和 .dbf",
                    f"{stem}.{ext} is missing: a Shapefile needs its .shp, .shx and .dbf")])  # fmt: skip
            if member is not None:
                parts[ext] = package.read(member)
    try:
        reader = shapefile.Reader(shp=io.BytesIO(parts["shp"]), shx=io.BytesIO(parts["shx"]),
                                  dbf=io.BytesIO(parts["dbf"]), encoding="utf-8",
                                  encodingErrors="replace")  # fmt: skip
        fields = [f[0] for f in reader.fields[1:]]
        if id_field not in fields:
            listed = ", ".join(fields)
            raise DataValidationError([file_problem(f"{name}:{stem}.dbf",
                f"属性表中没有列 {id_field}（有：{listed}）；请指定作为分区编号的列",
                f"the attribute table has no column {id_field} (it has: {listed}); name the "
                "column holding the sub-area or zone id")])  # fmt: skip
        features = []
        for record in reader.iterShapeRecords():
            properties = {k: _plain(v) for k, v in record.record.as_dict().items()}
            properties["id"] = str(properties[id_field]).strip()
            features.append({"type": "Feature", "properties": properties,
                             "geometry": record.shape.__geo_interface__})  # fmt: skip
    except shapefile.ShapefileException as exc:
        raise DataValidationError([file_problem(name, f"Shapefile 无法读取：{exc}",
                                                f"the Shapefile cannot be read: {exc}")]) from exc  # fmt: skip
    crs = parts["prj"].decode("utf-8", "replace").strip() if "prj" in parts else ""
    return {"type": "FeatureCollection", "features": features}, crs


def _plain(value: object) -> object:
    """A dbf value as JSON can hold it (dates as ISO text)."""
    return value if value is None or isinstance(value, str | int | float) else str(value)
