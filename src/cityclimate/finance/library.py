"""The library as tables: projects to frames and back, every bad cell located.

Three tables make a library (the sheets of the XLSX template, the way provincial libraries
collect projects): ``projects`` (one row a project), ``inputs`` (project, input, value: the
activity inputs the estimate is computed from) and ``phasing`` (project, year, 万元). Cells come
in as text; :func:`projects_from_tables` checks every cell of every table and either returns all
projects or raises one :class:`~cityclimate.errors.DataValidationError` listing every problem by
table (sheet), row and column — nothing half-read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.finance.catalogues import catalogues, project_inputs, project_types, tag_problems
from cityclimate.finance.estimates import input_problems
from cityclimate.finance.model import INSTRUMENTS, ClimateType, Project, Stage

TableKind = str


@dataclass(frozen=True)
class Field:
    """A column of a library table: key, headers, type, required."""

    key: str
    header_zh: str
    header_en: str
    type: str = "str"
    required: bool = False


#: The columns of each table, in template order.
FIELDS: dict[TableKind, tuple[Field, ...]] = {
    "projects": (
        Field("project_id", "项目编号", "project id", required=True),
        Field("name_zh", "项目名称", "name (zh)", required=True),
        Field("name_en", "英文名称", "name (en)"),
        Field("owner_uscc", "业主统一社会信用代码", "owner USCC", required=True),
        Field("owner_name", "业主名称", "owner", required=True),
        Field("owner_contact", "联系方式", "contact"),
        Field("territory", "地区", "territory", required=True),
        Field("sub_area", "板块", "sub-area"),
        Field("location", "地点", "location"),
        Field("project_type", "项目类型", "project type", required=True),
        Field("climate_type", "气候类别", "climate class", required=True),
        Field("green_bond", "绿色债券目录类别", "green bond codes"),
        Field("transition", "转型产业目录类别", "transition codes"),
        Field("investment_wan_yuan", "总投资（万元）", "investment (10k yuan)", "float", True),
        Field(
            "financing_need_wan_yuan",
            "融资需求（万元）",
            "financing need (10k yuan)",
            "float",
            True,
        ),
        Field(
            "financing_secured_wan_yuan",
            "已落实融资（万元）",
            "financing secured (10k yuan)",
            "float",
        ),
        Field("instruments", "融资工具", "instruments"),
        Field("stage", "阶段", "stage"),
        Field("operation_year", "投运年份", "operating year", "int", True),
        Field("lever", "对应路径杠杆", "pathway lever"),
        Field("description", "项目简介", "description"),
        Field("illustrative", "示例数据", "illustrative", "bool"),
    ),
    "inputs": (
        Field("project_id", "项目编号", "project id", required=True),
        Field("input", "计算输入项", "input", required=True),
        Field("value", "数值", "value", "float", True),
    ),
    "phasing": (
        Field("project_id", "项目编号", "project id", required=True),
        Field("year", "年份", "year", "int", True),
        Field("amount_wan_yuan", "投资额（万元）", "amount (10k yuan)", "float", True),
    ),
}
_TRUE = {"true", "1", "yes", "是"}
_FALSE = {"false", "0", "no", "否", ""}
_YEARS = (2000, 2100)


def _typed(value: str | None, f: Field) -> tuple[object, tuple[str, str] | None]:
    text = (value or "").strip()
    if not text:
        return None, ("必填项为空", "required value is empty") if f.required else None
    try:
        if f.type == "float":
            number = float(text.replace(",", ""))
            if not number >= 0 or number == float("inf"):
                return None, ("应为不小于 0 的数字", "must be a number ≥ 0")
            return number, None
        if f.type == "int":
            year = int(float(text))
            if not _YEARS[0] <= year <= _YEARS[1]:
                return None, (
                    f"年份应在 {_YEARS[0]}–{_YEARS[1]}",
                    f"a year in {_YEARS[0]}-{_YEARS[1]}",
                )
            return year, None
    except ValueError:
        return None, ("应为数字", "must be a number")
    if f.type == "bool":
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE, None
        return None, ("应为“是”或“否”", "must be yes or no")
    return text, None


def _rows(
    kind: TableKind, frame: pl.DataFrame, where: str, first_row: int, problems: list[Problem]
) -> list[tuple[int, dict[str, object], bool]]:
    return read_rows(FIELDS[kind], frame, where, first_row, problems)


def read_rows(
    fields: tuple[Field, ...],
    frame: pl.DataFrame,
    where: str,
    first_row: int,
    problems: list[Problem],
    numbers: list[int] | None = None,
) -> list[tuple[int, dict[str, object], bool]]:
    """Typed rows of one table with their row numbers and whether every cell was good.

    Rows are numbered from ``first_row`` unless ``numbers`` gives each row's number. A bad cell
    is appended to ``problems`` and typed as ``None``; the row is still returned so that its
    other checks run (every problem is listed in one pass)."""
    missing = [f for f in fields if f.required and f.key not in frame.columns]
    problems += [
        Problem(
            where,
            None,
            f"{f.header_zh} ({f.key})",
            "",
            f"缺少列“{f.header_zh}”：请使用模板",
            f"column '{f.header_en}' is missing: use the template",
        )
        for f in missing
    ]
    if missing:
        return []
    out: list[tuple[int, dict[str, object], bool]] = []
    for index, raw in enumerate(frame.iter_rows(named=True)):
        row_number = numbers[index] if numbers else first_row + index
        typed: dict[str, object] = {}
        ok = True
        for f in fields:
            value, error = _typed(raw.get(f.key), f)
            if error:
                ok = False
                problems.append(
                    Problem(
                        where,
                        row_number,
                        f"{f.header_zh} ({f.key})",
                        str(raw.get(f.key) or ""),
                        f"“{f.header_zh}”{error[0]}",
                        f"'{f.header_en}' {error[1]}",
                    )
                )
            typed[f.key] = value
        out.append((row_number, typed, ok))
    return out


def _choice(
    value: object,
    allowed: Mapping[str, object],
    f: Field,
    where: str,
    row: int,
    problems: list[Problem],
) -> str | None:
    text = str(value) if value is not None else None
    if text is not None and text not in allowed:
        problems.append(
            Problem(
                where,
                row,
                f"{f.header_zh} ({f.key})",
                text,
                f"“{f.header_zh}”不在可选值内：{'、'.join(allowed)}",
                f"'{f.header_en}' is not one of: {', '.join(allowed)}",
            )
        )
        return None
    return text


def _codes(value: object) -> tuple[str, ...]:
    return tuple(c.strip() for c in str(value or "").replace("；", ";").split(";") if c.strip())


def projects_from_tables(
    tables: Mapping[TableKind, pl.DataFrame],
    *,
    where: Mapping[TableKind, str] | None = None,
    first_row: int = 1,
    territories: frozenset[str] | None = None,
    catalogue_table: pl.DataFrame | None = None,
) -> list[Project]:
    """Projects from the three tables (text cells keyed by :data:`FIELDS` keys), all or nothing.

    Parameters
    ----------
    tables:
        ``projects`` (required), ``inputs`` and ``phasing`` (optional) as frames of text.
    where:
        Name of each table in messages (e.g. ``"library.xlsx [项目 Projects]"``).
    first_row:
        Row number of each table's first data row (3 in the template).
    territories:
        Known territory and sub-area codes (``None``: not checked).

    Raises
    ------
    DataValidationError
        Every problem of every table: sheet, row, column, value, fix (zh + en).
    """
    names = {k: (where or {}).get(k, k) for k in FIELDS}
    problems: list[Problem] = []
    rows = {k: _rows(k, tables[k], names[k], first_row, problems) for k in FIELDS if k in tables}
    if "projects" not in tables:
        problems.append(
            Problem(
                names["projects"], None, None, "", "缺少项目表", "the projects table is missing"
            )
        )
    types = set(project_types()["type"])
    spec = project_inputs()
    table = catalogues() if catalogue_table is None else catalogue_table
    by_field = {f.key: f for f in FIELDS["projects"]}
    inputs: dict[str, dict[str, float]] = {}
    phasing: dict[str, dict[int, float]] = {}
    ids: dict[str, int] = {}
    projects: list[tuple[int, Project]] = []
    where_p = names["projects"]
    for row, r, ok in rows.get("projects", []):
        if r["project_id"] is None:
            continue
        pid = str(r["project_id"])
        if pid in ids:
            problems.append(
                Problem(
                    where_p,
                    row,
                    "项目编号 (project_id)",
                    pid,
                    f"项目编号重复（第 {ids[pid]} 行已有）",
                    f"duplicate project id (already on row {ids[pid]})",
                )
            )
            continue
        ids[pid] = row
        kind = _choice(
            r["project_type"],
            dict.fromkeys(sorted(types)),
            by_field["project_type"],
            where_p,
            row,
            problems,
        )
        climate = _choice(
            r["climate_type"],
            {c.value: c for c in ClimateType},
            by_field["climate_type"],
            where_p,
            row,
            problems,
        )
        stage = _choice(
            r["stage"] or "declared",
            {s.value: s for s in Stage},
            by_field["stage"],
            where_p,
            row,
            problems,
        )
        instruments = _codes(r["instruments"])
        for i in instruments:
            _choice(i, INSTRUMENTS, by_field["instruments"], where_p, row, problems)
        for key in ("territory", "sub_area"):
            value = r[key]
            if territories is not None and value is not None and value not in territories:
                problems.append(
                    Problem(
                        where_p,
                        row,
                        f"{by_field[key].header_zh} ({key})",
                        str(value),
                        "未知的地区代码：请填写平台中已有的地区或板块",
                        "unknown territory code: use a territory or sub-area of the platform",
                    )
                )
        if not ok or kind is None or climate is None or stage is None:
            continue
        codes = {c: _codes(r[c]) for c in ("green_bond", "transition") if _codes(r[c])}
        secured = float(r["financing_secured_wan_yuan"] or 0.0)  # type: ignore[arg-type]
        need = float(r["financing_need_wan_yuan"])  # type: ignore[arg-type]
        if secured > need:
            problems.append(
                Problem(
                    where_p,
                    row,
                    "已落实融资（万元） (financing_secured_wan_yuan)",
                    str(secured),
                    "已落实融资不能大于融资需求",
                    "financing secured cannot exceed the financing need",
                )
            )
        project = Project(
            project_id=pid,
            name_zh=str(r["name_zh"]),
            name_en=str(r["name_en"] or ""),
            owner_uscc=str(r["owner_uscc"]),
            owner_name=str(r["owner_name"]),
            owner_contact=str(r["owner_contact"] or ""),
            territory=str(r["territory"]),
            sub_area=None if r["sub_area"] is None else str(r["sub_area"]),
            location=str(r["location"] or ""),
            project_type=kind,
            climate_type=ClimateType(climate),
            catalogue_codes=codes,
            investment_wan_yuan=float(r["investment_wan_yuan"]),  # type: ignore[arg-type]
            financing_need_wan_yuan=need,
            financing_secured_wan_yuan=secured,
            instruments=instruments,
            stage=Stage(stage),
            operation_year=int(r["operation_year"]),  # type: ignore[call-overload]
            lever=None if r["lever"] is None else str(r["lever"]),
            description=str(r["description"] or ""),
            illustrative=bool(r["illustrative"]),
        )
        problems += tag_problems(project, table, where=where_p, row=row)
        projects.append((row, project))
    for row, r, ok in rows.get("inputs", []):
        pid = str(r["project_id"])
        if not ok:
            continue
        if pid not in ids:
            problems.append(_unknown_project(names["inputs"], row, pid))
            continue
        mine = inputs.setdefault(pid, {})
        if str(r["input"]) in mine:
            problems.append(
                Problem(
                    names["inputs"],
                    row,
                    "计算输入项 (input)",
                    str(r["input"]),
                    "同一项目的输入项重复",
                    "the project has this input twice",
                )
            )
        mine[str(r["input"])] = float(r["value"])  # type: ignore[arg-type]
    for row, r, ok in rows.get("phasing", []):
        pid = str(r["project_id"])
        if not ok:
            continue
        if pid not in ids:
            problems.append(_unknown_project(names["phasing"], row, pid))
            continue
        phasing.setdefault(pid, {})[int(r["year"])] = float(r["amount_wan_yuan"])  # type: ignore[call-overload, arg-type]
    out: list[Project] = []
    for row, p in projects:
        given = inputs.get(p.project_id, {})
        problems += input_problems(p, given, where=names["inputs"], row=None, table=spec)
        spent = sum(phasing.get(p.project_id, {}).values())
        if spent > p.investment_wan_yuan * (1 + 1e-9):
            problems.append(
                Problem(
                    names["phasing"],
                    None,
                    "投资额（万元） (amount_wan_yuan)",
                    f"{spent:g}",
                    f"项目 {p.project_id} 分期投资合计超过总投资（第 {row} 行）",
                    f"project {p.project_id}: the phasing adds up to more than the investment (projects row {row})",
                )
            )
        out.append(
            Project(
                **{**p.__dict__, "inputs": given, "phasing_wan_yuan": phasing.get(p.project_id, {})}
            )
        )
    if problems:
        raise DataValidationError(problems)
    return out


def _unknown_project(where: str, row: int, pid: str) -> Problem:
    return Problem(
        where,
        row,
        "项目编号 (project_id)",
        pid,
        "项目表中没有这个项目编号",
        "no project with this id in the projects table",
    )


def tables_from_projects(projects: list[Project]) -> dict[TableKind, pl.DataFrame]:
    """The three tables of ``projects`` as text frames (keys of :data:`FIELDS`), for export."""

    def text(value: object) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, float):
            return f"{value:g}" if abs(value) < 1e15 else repr(value)
        return str(value)

    project_rows = [
        {
            **{
                f.key: text(getattr(p, f.key, None))
                for f in FIELDS["projects"]
                if hasattr(p, f.key)
            },
            "green_bond": ";".join(p.catalogue_codes.get("green_bond", ())) or None,
            "transition": ";".join(p.catalogue_codes.get("transition", ())) or None,
            "instruments": ";".join(p.instruments) or None,
            "climate_type": p.climate_type.value,
            "stage": p.stage.value,
        }
        for p in projects
    ]
    frames = {
        "projects": project_rows,
        "inputs": [
            {"project_id": p.project_id, "input": k, "value": text(float(v))}
            for p in projects
            for k, v in p.inputs.items()
        ],
        "phasing": [
            {"project_id": p.project_id, "year": str(y), "amount_wan_yuan": text(float(v))}
            for p in projects
            for y, v in sorted(p.phasing_wan_yuan.items())
        ],
    }
    return {
        kind: pl.DataFrame(
            [{f.key: r.get(f.key) for f in FIELDS[kind]} for r in rows],
            schema=dict.fromkeys((f.key for f in FIELDS[kind]), pl.String),
        )
        for kind, rows in frames.items()
    }
