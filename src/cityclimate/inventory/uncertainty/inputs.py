"""Uncertainty inputs: every record's activity and factor uncertainty, resolved and checked.

:func:`resolve_uncertainty` fills each record's uncertainty and distribution from the user's
columns or :data:`~cityclimate.inventory.uncertainty.DEFAULT_UNCERTAINTY`, refusing bad input
with one bilingual problem per row and field; :func:`_prepare` reduces the resolved table to the
arrays both approaches compute on (:class:`_Model`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.uncertainty.defaults import (
    _DEFAULT_SCHEMA,
    DEFAULT_UNCERTAINTY,
    DISTRIBUTIONS,
    FloatArray,
    IntArray,
)
from cityclimate.text import Text

_REQUIRED = ("record_id", "category", "gas", "factor_id", "co2e_t")
#: ``fuel`` values whose factor is a grid factor rather than a fuel's (when no factor_kind).
_FUEL_KIND = {
    "electricity": "grid_electricity",
    "heat": "purchased_heat",
    "steam": "purchased_heat",
}
_WHERE = "emissions"


def resolve_uncertainty(
    emissions: pl.DataFrame, defaults: pl.DataFrame = DEFAULT_UNCERTAINTY
) -> pl.DataFrame:
    """Fill every record's activity and factor uncertainty, from the user or the defaults.

    Parameters
    ----------
    emissions:
        The engine's record-level emissions table (see the module docstring for columns).
    defaults:
        Table of default uncertainties with the columns of :data:`DEFAULT_UNCERTAINTY`.

    Returns
    -------
    polars.DataFrame
        ``emissions`` with ``activity_unc_pct``, ``factor_unc_pct`` (95 % half-width, % of the
        value), ``activity_dist``, ``factor_dist`` all filled, and ``activity_unc_source``,
        ``factor_unc_source`` saying where each value came from (``"user"`` or the default's
        ``source``).

    Raises
    ------
    DataValidationError
        Missing columns; null or non-finite ``co2e_t``; a null ``record_id``, ``category`` or
        ``factor_id``; a negative or non-finite uncertainty; an unknown distribution; an
        unknown quality tier; or one ``factor_id`` given two different uncertainties. Every
        problem names its row (1-based) and field.
    """
    _check_defaults(defaults)
    problems: list[Problem] = []
    missing = [c for c in _REQUIRED if c not in emissions.columns]
    for col in missing:
        problems.append(
            Problem(
                _WHERE,
                None,
                col,
                "",
                f"缺少必需的列 '{col}'",
                f"required column '{col}' is missing; the engine's emissions table has it",
            )
        )
    if emissions.height == 0:
        problems.append(
            Problem(_WHERE, None, None, "", "排放表没有记录", "the emissions table has no records")
        )
    if problems:
        raise DataValidationError(problems)

    df = emissions
    for col, dtype in (
        ("quality_tier", pl.String),
        ("factor_kind", pl.String),
        ("activity_unc_pct", pl.Float64),
        ("factor_unc_pct", pl.Float64),
        ("activity_dist", pl.String),
        ("factor_dist", pl.String),
    ):
        if col not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=dtype).alias(col))

    n = df.height
    record_id = df["record_id"].cast(pl.String).to_list()
    for col in ("record_id", "category", "factor_id", "gas"):
        for i, v in enumerate(df[col].to_list()):
            if v is None or str(v) == "":
                problems.append(
                    _problem(i, col, "", record_id[i], Text("不能为空", "must not be empty"))
                )
    co2e = _float_column(df, "co2e_t", problems, record_id)
    for i in range(n):
        if not math.isnan(co2e[i]) and not math.isfinite(co2e[i]):
            problems.append(
                _problem(
                    i, "co2e_t", str(co2e[i]), record_id[i], Text("不是有限数", "is not finite")
                )
            )
        elif math.isnan(co2e[i]):
            problems.append(
                _problem(
                    i, "co2e_t", "", record_id[i], Text("缺少排放量", "emission value missing")
                )
            )

    act_defaults = {
        r["key"]: r for r in defaults.filter(pl.col("input") == "activity").iter_rows(named=True)
    }
    fac_defaults = {
        r["key"]: r for r in defaults.filter(pl.col("input") == "factor").iter_rows(named=True)
    }

    tiers = df["quality_tier"].cast(pl.String).to_list()
    kinds = df["factor_kind"].cast(pl.String).to_list()
    if "fuel" in df.columns:  # the engine's column: purchased electricity/heat use grid factors
        fuels = df["fuel"].cast(pl.String).to_list()
        kinds = [
            k if k is not None else _FUEL_KIND.get(str(f))
            for k, f in zip(kinds, fuels, strict=True)
        ]
    gases = df["gas"].cast(pl.String).to_list()
    act_unc = _float_column(df, "activity_unc_pct", problems, record_id)
    fac_unc = _float_column(df, "factor_unc_pct", problems, record_id)
    act_dist_in = df["activity_dist"].cast(pl.String).to_list()
    fac_dist_in = df["factor_dist"].cast(pl.String).to_list()

    act_unc_out: list[float] = []
    fac_unc_out: list[float] = []
    act_dist_out: list[str] = []
    fac_dist_out: list[str] = []
    act_src: list[str] = []
    fac_src: list[str] = []
    for i in range(n):
        tier = tiers[i] if tiers[i] is not None else "unknown"
        a_def = act_defaults.get(tier)
        if a_def is None and math.isnan(act_unc[i]):
            known = ", ".join(sorted(act_defaults))
            problems.append(
                _problem(
                    i,
                    "quality_tier",
                    tier,
                    record_id[i],
                    Text(
                        f"未知的数据质量等级；可用：{known}，或填写 activity_unc_pct",
                        f"unknown quality tier; use one of {known}, or give activity_unc_pct",
                    ),
                )
            )
        kind = kinds[i]
        if kind is None or kind not in fac_defaults:
            kind = gases[i] if gases[i] in fac_defaults else "other"
        f_def = fac_defaults.get(kind)
        if f_def is None and math.isnan(fac_unc[i]):
            problems.append(
                _problem(
                    i,
                    "factor_unc_pct",
                    "",
                    record_id[i],
                    Text(
                        "没有默认的排放因子不确定性，请填写",
                        "no default factor uncertainty applies; give factor_unc_pct",
                    ),
                )
            )

        a_u, a_s = _pick_unc(act_unc[i], a_def)
        f_u, f_s = _pick_unc(fac_unc[i], f_def)
        for field, value in (("activity_unc_pct", act_unc[i]), ("factor_unc_pct", fac_unc[i])):
            if not math.isnan(value) and (value < 0.0 or not math.isfinite(value)):
                problems.append(
                    _problem(
                        i,
                        field,
                        repr(value),
                        record_id[i],
                        Text(
                            "不确定性必须是非负有限数（95%置信区间半宽，%）",
                            "uncertainty must be a finite number >= 0 "
                            "(half-width of the 95 % interval, in %)",
                        ),
                    )
                )
        a_d = _pick_dist(act_dist_in[i], a_def)
        f_d = _pick_dist(fac_dist_in[i], f_def)
        for field, dist in (("activity_dist", a_d), ("factor_dist", f_d)):
            if dist not in DISTRIBUTIONS:
                problems.append(
                    _problem(
                        i,
                        field,
                        dist,
                        record_id[i],
                        Text(
                            f"未知的分布；可用：{', '.join(DISTRIBUTIONS)}",
                            f"unknown distribution; use one of {', '.join(DISTRIBUTIONS)}",
                        ),
                    )
                )
        act_unc_out.append(a_u)
        fac_unc_out.append(f_u)
        act_dist_out.append(a_d)
        fac_dist_out.append(f_d)
        act_src.append(a_s)
        fac_src.append(f_s)

    # One factor_id is one input: its uncertainty and distribution must agree on every row.
    factor_ids = df["factor_id"].cast(pl.String).to_list()
    first_row: dict[str, int] = {}
    for i, fid in enumerate(factor_ids):
        if fid is None:
            continue
        j = first_row.setdefault(fid, i)
        if j == i:
            continue
        if not _same(fac_unc_out[i], fac_unc_out[j]) or fac_dist_out[i] != fac_dist_out[j]:
            problems.append(
                _problem(
                    i,
                    "factor_unc_pct",
                    f"{fac_unc_out[i]!r} {fac_dist_out[i]}",
                    record_id[i],
                    Text(
                        f"同一排放因子 '{fid}' 在第 {j + 1} 行的不确定性为 "
                        f"{fac_unc_out[j]!r} {fac_dist_out[j]}，两者必须一致",
                        f"factor '{fid}' has uncertainty {fac_unc_out[j]!r} {fac_dist_out[j]} "
                        f"on row {j + 1}; one factor must have one uncertainty",
                    ),
                )
            )

    if problems:
        raise DataValidationError(problems)

    return df.with_columns(
        pl.Series("activity_unc_pct", act_unc_out, dtype=pl.Float64),
        pl.Series("factor_unc_pct", fac_unc_out, dtype=pl.Float64),
        pl.Series("activity_dist", act_dist_out, dtype=pl.String),
        pl.Series("factor_dist", fac_dist_out, dtype=pl.String),
        pl.Series("activity_unc_source", act_src, dtype=pl.String),
        pl.Series("factor_unc_source", fac_src, dtype=pl.String),
    )


@dataclass(frozen=True)
class _Model:
    """The emissions table reduced to arrays (records in input order)."""

    co2e_t: FloatArray  # per row (record and gas)
    activity_unc_pct: FloatArray  # per record
    activity_dist: IntArray  # per record
    category_index: IntArray
    categories: tuple[str, ...]
    record_index: IntArray  # row -> record
    record_ids: tuple[str, ...]  # distinct, in input order
    factor_index: IntArray
    factor_ids: tuple[str, ...]
    factor_unc_pct: FloatArray
    factor_dist: IntArray


def _prepare(emissions: pl.DataFrame, defaults: pl.DataFrame) -> _Model:
    df = resolve_uncertainty(emissions, defaults)
    categories = tuple(df["category"].cast(pl.String).unique(maintain_order=True).to_list())
    factor_ids = tuple(df["factor_id"].cast(pl.String).unique(maintain_order=True).to_list())
    cat_pos = {c: k for k, c in enumerate(categories)}
    fac_pos = {f: k for k, f in enumerate(factor_ids)}
    dist_pos = {d: k for k, d in enumerate(DISTRIBUTIONS)}
    cat_index = np.array([cat_pos[c] for c in df["category"].cast(pl.String)], dtype=np.intp)
    fac_index = np.array([fac_pos[f] for f in df["factor_id"].cast(pl.String)], dtype=np.intp)
    fac_unc = np.zeros(len(factor_ids))
    fac_dist = np.zeros(len(factor_ids), dtype=np.intp)
    fu = df["factor_unc_pct"].to_numpy()
    fd = df["factor_dist"].to_list()
    fac_unc[fac_index] = fu
    fac_dist[fac_index] = [dist_pos[d] for d in fd]
    # One record is one activity input, shared by its rows (one per gas).
    record_ids = tuple(df["record_id"].cast(pl.String).unique(maintain_order=True).to_list())
    rec_pos = {r: k for k, r in enumerate(record_ids)}
    rec_index = np.array([rec_pos[r] for r in df["record_id"].cast(pl.String)], dtype=np.intp)
    row_unc = df["activity_unc_pct"].to_numpy().astype(np.float64)
    row_dist = np.array([dist_pos[d] for d in df["activity_dist"]], dtype=np.intp)
    act_unc = np.zeros(len(record_ids))
    act_dist = np.zeros(len(record_ids), dtype=np.intp)
    act_unc[rec_index] = row_unc
    act_dist[rec_index] = row_dist
    differs = np.flatnonzero((act_unc[rec_index] != row_unc) | (act_dist[rec_index] != row_dist))
    if differs.size:
        raise DataValidationError(
            [
                _problem(
                    int(i),
                    "activity_unc_pct",
                    f"{row_unc[i]!r} {DISTRIBUTIONS[row_dist[i]]}",
                    record_ids[rec_index[i]],
                    Text(
                        "同一活动记录的各气体行的活动水平不确定性必须一致",
                        "the rows (gases) of one activity record must have one activity uncertainty",
                    ),
                )
                for i in differs[:200]
            ]
        )
    return _Model(
        co2e_t=df["co2e_t"].cast(pl.Float64).to_numpy().astype(np.float64),
        activity_unc_pct=act_unc.astype(np.float64),
        activity_dist=act_dist,
        category_index=cat_index,
        categories=categories,
        record_index=rec_index,
        record_ids=record_ids,
        factor_index=fac_index,
        factor_ids=factor_ids,
        factor_unc_pct=fac_unc.astype(np.float64),
        factor_dist=fac_dist,
    )


def _check_defaults(defaults: pl.DataFrame) -> None:
    problems = [
        Problem(
            "defaults",
            None,
            col,
            "",
            f"默认不确定性表缺少列 '{col}'",
            f"the default-uncertainty table lacks column '{col}'",
        )
        for col in _DEFAULT_SCHEMA
        if col not in defaults.columns
    ]
    if problems:
        raise DataValidationError(problems)
    for i, row in enumerate(defaults.iter_rows(named=True)):
        u = row["unc_pct"]
        if u is None or not math.isfinite(u) or u < 0:
            problems.append(
                Problem(
                    "defaults",
                    i + 1,
                    "unc_pct",
                    repr(u),
                    "必须是非负有限数",
                    "must be a finite number >= 0",
                )
            )
        if row["distribution"] not in DISTRIBUTIONS:
            problems.append(
                Problem(
                    "defaults",
                    i + 1,
                    "distribution",
                    str(row["distribution"]),
                    f"未知的分布；可用：{', '.join(DISTRIBUTIONS)}",
                    f"unknown distribution; use one of {', '.join(DISTRIBUTIONS)}",
                )
            )
    if problems:
        raise DataValidationError(problems)


def _problem(i: int, field: str, value: str, record_id: Any, message: Text) -> Problem:
    rid = "" if record_id is None else f"（记录 {record_id}）"
    rid_en = "" if record_id is None else f" (record {record_id})"
    return Problem(
        _WHERE,
        row=i + 1,
        field=field,
        value=value,
        message=Text(f"{field}{rid}：{message.zh}", f"{field}{rid_en}: {message.en}"),
    )


def _float_column(
    df: pl.DataFrame, col: str, problems: list[Problem], record_id: list[Any]
) -> list[float]:
    """The column as floats (NaN for null); text that is not a number is a problem."""
    out: list[float] = []
    for i, v in enumerate(df[col].to_list()):
        if v is None:
            out.append(math.nan)
            continue
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            problems.append(
                _problem(i, col, str(v), record_id[i], Text("不是数字", "is not a number"))
            )
            out.append(math.nan)
    return out


def _pick_unc(user: float, default: dict[str, Any] | None) -> tuple[float, str]:
    if not math.isnan(user):
        return user, "user"
    if default is None:
        return 0.0, ""
    return float(default["unc_pct"]), str(default["source"])


def _pick_dist(user: str | None, default: dict[str, Any] | None) -> str:
    if user is not None:
        return user.strip().lower()
    if default is None:
        return "normal"
    return str(default["distribution"])


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))
