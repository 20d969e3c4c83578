"""Full reporting tables in three frameworks, with notation keys, and their reconciliation.

The same emissions are rendered as the complete row list of each framework
(``refdata/data/framework_rows.csv``): China's provincial inventory guideline (``cn``), the
IPCC 2006 categories (``ipcc``) and the GPC (``gpc``: scopes, BASIC and BASIC+). Every row of the
framework is listed; a row without a number carries a notation key (GPC v1.1 s. 2.2; IPCC 2006
Vol. 1 Ch. 8 s. 8.2.2):

``NO`` not occurring, ``NE`` not estimated, ``IE`` included elsewhere, ``NA`` not applicable,
``C`` confidential (the number is withheld from the row but kept in its parents' sums).

Rows without data get the framework file's ``empty_key`` (``NE``: a claim of "not occurring"
needs evidence, so it is the user's to make) unless ``notation_keys`` says otherwise.

:func:`reconcile` proves that the three frameworks report the same inventory: starting from
each framework's own headline total it adds back what that framework leaves out (IPCC memo
items for purchased electricity and heat; GPC rows outside BASIC such as energy generation
supplied to the grid, BASIC+ rows; removals) and arrives at the inventory's gross emissions.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.frameworks import Framework, by_framework
from cityclimate.refdata import read_shipped
from cityclimate.refdata.tables import Column, TableSchema

__all__ = [
    "GAS_COLUMNS",
    "NOTATION_KEYS",
    "framework_report",
    "framework_rows",
    "framework_totals",
    "reconcile",
]

#: Notation keys and their meaning (GPC v1.1 Table 2.1; IPCC 2006 Vol. 1 Ch. 8 s. 8.2.2).
NOTATION_KEYS: dict[str, tuple[str, str]] = {
    "NO": ("不发生", "not occurring"),
    "NE": ("未估算", "not estimated"),
    "IE": ("已计入其他项", "included elsewhere"),
    "NA": ("不适用", "not applicable"),
    "C": ("保密", "confidential"),
}

FRAMEWORK_ROWS = TableSchema(
    "framework_rows",
    (
        Column("framework", allowed=frozenset({"cn", "ipcc", "gpc"})),
        Column("code"),
        Column("order", "int"),
        Column("parent", required=False),
        Column("name_zh"),
        Column("name_en"),
        Column("scope", "int", required=False),
        Column("basic", "bool", required=False),
        Column("basic_plus", "bool", required=False),
        Column("in_total", "bool"),
        Column("empty_key", allowed=frozenset(NOTATION_KEYS)),
        Column("source"),
    ),
    key=("framework", "code"),
)

#: Gas groups of the report columns (t CO2e each), in order.
GAS_COLUMNS: dict[str, str] = {
    "CO2": "co2_co2e_t",
    "CH4": "ch4_co2e_t",
    "N2O": "n2o_co2e_t",
    "F-gases": "fgas_co2e_t",
}


@cache
def framework_rows(framework: Framework) -> pl.DataFrame:
    """Every row of the framework, in reporting order, with ``depth`` and ``is_leaf`` added."""
    rows = read_shipped("framework_rows.csv", FRAMEWORK_ROWS).filter(
        pl.col("framework") == framework
    )
    parents = set(rows["parent"].drop_nulls().to_list())
    depth = {
        code: _depth(code, dict(rows.select("code", "parent").iter_rows())) for code in rows["code"]
    }
    return rows.sort("order").with_columns(
        depth=pl.col("code").replace_strict(depth, return_dtype=pl.Int32),
        is_leaf=~pl.col("code").is_in(list(parents)),
    )


def _depth(code: str, parent: dict[str, str | None]) -> int:
    level = 0
    up = parent.get(code)
    while up is not None:
        level += 1
        up = parent.get(up)
    return level


def _ancestors(rows: pl.DataFrame) -> pl.DataFrame:
    """``code`` → every code it adds into (itself and each ancestor): columns code, into."""
    parent = dict(rows.select("code", "parent").iter_rows())
    pairs = []
    for code in rows["code"].to_list():
        up: str | None = code
        while up is not None:
            pairs.append((code, up))
            up = parent.get(up)
    return pl.DataFrame(pairs, schema=["code", "into"], orient="row")


def framework_report(
    emissions: pl.DataFrame,
    framework: Framework,
    *,
    notation_keys: pl.DataFrame | None = None,
    categories: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The complete reporting table of a framework, per territory and year.

    Parameters
    ----------
    emissions:
        The engine's record-level emissions (any territories and years).
    framework:
        ``"cn"`` (China's provincial guideline), ``"ipcc"`` (IPCC 2006) or ``"gpc"``.
    notation_keys:
        Optional ``code``, ``key`` (one of :data:`NOTATION_KEYS`) and ``explanation``
        (``territory`` and ``year`` columns, when present, restrict a key to them). A key on a
        row without data replaces the default ``NE``; ``C`` on a row with data withholds its
        numbers (the parents still include them).
    categories:
        The category table; defaults to the shipped one.

    Returns
    -------
    polars.DataFrame
        One row per territory, year and framework row, in reporting order: ``territory, year,
        code, parent, depth, is_leaf, name_zh, name_en, scope, basic, basic_plus, in_total``,
        the gas columns of :data:`GAS_COLUMNS` and ``co2e_t`` (t CO2e; removals negative;
        null where the row has no number), ``notation`` (the key, null when a number is
        shown) and ``explanation``.

    Raises
    ------
    DataValidationError
        A category maps to a code that is not a row of the framework, or a notation key is
        unknown.
    """
    rows = framework_rows(framework)
    mapped = by_framework(emissions, framework, categories)
    unknown = sorted(set(mapped["code"].drop_nulls()) - set(rows["code"]))
    if mapped["code"].null_count() or unknown:
        raise DataValidationError(
            [
                Problem(
                    "refdata/data/framework_rows.csv",
                    None,
                    "code",
                    ", ".join(unknown) or "(null)",
                    f"类别映射到的代码不在 {framework} 报告表中",
                    f"categories map to codes that are not rows of the {framework} framework",
                )
            ]
        )
    group = pl.when(pl.col("gas").is_in(["CO2", "CH4", "N2O"])).then(pl.col("gas"))
    by_gas = (
        mapped.with_columns(gas_group=group.otherwise(pl.lit("F-gases")))
        .join(_ancestors(rows), on="code")
        .group_by(["territory", "year", "into", "gas_group"])
        .agg(co2e_t=pl.col("co2e_t").sum())
        .pivot(on="gas_group", index=["territory", "year", "into"], values="co2e_t")
        .rename({"into": "code"})
    )
    for gas in GAS_COLUMNS:
        if gas not in by_gas.columns:
            by_gas = by_gas.with_columns(pl.lit(None, pl.Float64).alias(gas))
    by_gas = by_gas.rename(GAS_COLUMNS).with_columns(
        co2e_t=pl.sum_horizontal(list(GAS_COLUMNS.values())),
        has_data=pl.lit(True),
    )
    periods = emissions.select("territory", "year").unique().sort(["territory", "year"])
    table = (
        periods.join(rows.drop("framework", "source", "order"), how="cross")
        .join(by_gas, on=["territory", "year", "code"], how="left")
        .with_columns(pl.col("has_data").fill_null(False))
    )
    table = _apply_keys(table, notation_keys)
    order = {code: i for i, code in enumerate(rows["code"].to_list())}
    numbers = [*GAS_COLUMNS.values(), "co2e_t"]
    hidden = pl.col("notation").is_not_null()
    return (
        table.with_columns(
            [pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in numbers]
        )
        .with_columns(_order=pl.col("code").replace_strict(order, return_dtype=pl.Int32))
        .sort(["territory", "year", "_order"])
        .select(
            "territory",
            "year",
            "code",
            "parent",
            "depth",
            "is_leaf",
            "name_zh",
            "name_en",
            "scope",
            "basic",
            "basic_plus",
            "in_total",
            *numbers,
            "notation",
            "explanation",
        )
    )


def _apply_keys(table: pl.DataFrame, notation_keys: pl.DataFrame | None) -> pl.DataFrame:
    """Add ``notation`` and ``explanation``: the user's key, else the default for empty rows."""
    default = pl.when(~pl.col("has_data")).then(pl.col("empty_key"))
    if notation_keys is None or notation_keys.is_empty():
        return table.with_columns(
            notation=default.otherwise(None),
            explanation=pl.when(~pl.col("has_data"))
            .then(pl.lit("no activity data / 无活动水平数据"))
            .otherwise(None),
        )
    bad = sorted(set(notation_keys["key"].to_list()) - set(NOTATION_KEYS))
    if bad:
        raise DataValidationError(
            [
                Problem(
                    "notation_keys",
                    None,
                    "key",
                    ", ".join(map(str, bad)),
                    f"未知的注释键；可用：{', '.join(NOTATION_KEYS)}",
                    f"unknown notation key; use one of {', '.join(NOTATION_KEYS)}",
                )
            ]
        )
    keys = notation_keys
    if "explanation" not in keys.columns:
        keys = keys.with_columns(explanation=pl.lit(""))
    on = ["code", *(c for c in ("territory", "year") if c in keys.columns)]
    keys = keys.select(*on, pl.col("key").alias("_key"), pl.col("explanation").alias("_why"))
    if "year" in keys.columns:
        keys = keys.with_columns(pl.col("year").cast(pl.Int32))
    joined = table.join(keys, on=on, how="left")
    # A user key applies to empty rows, and C also to rows with data; others keep the numbers.
    use_key = pl.col("_key").is_not_null() & (~pl.col("has_data") | (pl.col("_key") == "C"))
    return joined.with_columns(
        notation=pl.when(use_key).then(pl.col("_key")).otherwise(default.otherwise(None)),
        explanation=pl.when(use_key)
        .then(pl.col("_why"))
        .when(~pl.col("has_data"))
        .then(pl.lit("no activity data / 无活动水平数据"))
        .otherwise(None),
    ).drop("_key", "_why")


def framework_totals(emissions: pl.DataFrame) -> pl.DataFrame:
    """Each framework's headline totals per territory and year, in t CO2e.

    Returns
    -------
    polars.DataFrame
        ``territory, year``, ``gross_co2e_t`` and ``removals_co2e_t`` (the inventory's),
        ``cn_total_t`` (every row of China's guideline, incl. LULUCF),
        ``cn_total_excl_lulucf_t``, ``ipcc_total_t`` (IPCC territorial total: memo items
        excluded, removals included), ``ipcc_memo_t`` (M.1 + M.2, scope 2), ``gpc_basic_t``,
        ``gpc_basic_plus_t`` and ``gpc_outside_t`` (GPC rows in neither total: energy
        generation supplied to the grid I.4.4, waste from outside the city III.x.3,
        other scope 3 VI).
    """
    sinks = pl.col("sector") == "sinks"
    base = emissions.group_by(["territory", "year"]).agg(
        gross_co2e_t=pl.col("co2e_t").filter(~sinks).sum(),
        removals_co2e_t=pl.col("co2e_t").filter(sinks).sum(),
    )
    parts = [base]
    for framework in ("cn", "ipcc", "gpc"):
        flags = framework_rows(framework).select("code", "in_total", "basic", "basic_plus")
        mapped = (
            by_framework(emissions, framework).drop("in_framework_total").join(flags, on="code")
        )
        value = pl.col("co2e_t")
        if framework == "cn":
            lulucf = pl.col("code").str.starts_with("4")
            agg = [
                value.sum().alias("cn_total_t"),
                value.filter(~lulucf).sum().alias("cn_total_excl_lulucf_t"),
            ]
        elif framework == "ipcc":
            agg = [
                value.filter(pl.col("in_total")).sum().alias("ipcc_total_t"),
                value.filter(~pl.col("in_total")).sum().alias("ipcc_memo_t"),
            ]
        else:
            agg = [
                value.filter(pl.col("basic").fill_null(False)).sum().alias("gpc_basic_t"),
                value.filter(pl.col("basic_plus").fill_null(False)).sum().alias("gpc_basic_plus_t"),
                value.filter(~pl.col("basic_plus").fill_null(False)).sum().alias("gpc_outside_t"),
            ]
        parts.append(mapped.group_by(["territory", "year"]).agg(agg))
    out = parts[0]
    for part in parts[1:]:
        out = out.join(part, on=["territory", "year"], how="left")
    return out.fill_null(0.0).sort(["territory", "year"])


#: Lines of the reconciliation: framework, line id, Chinese and English labels, and the
#: expression (over :func:`framework_totals` columns) that gives the line's value. Every
#: framework then adds back the removals its total has netted (:data:`_ADD_BACK_REMOVALS`).
_LINES: tuple[tuple[str, str, str, str, pl.Expr], ...] = (
    (
        "cn",
        "total",
        "省级清单总量（含土地利用变化和林业）",
        "China guideline total (incl. LULUCF)",
        pl.col("cn_total_t"),
    ),
    (
        "ipcc",
        "total",
        "IPCC 领土总量（含土地利用类别）",
        "IPCC territorial total (incl. 3.B land)",
        pl.col("ipcc_total_t"),
    ),
    (
        "ipcc",
        "memo",
        "加：备忘项调入电力热力（M.1/M.2），属范围二",
        "plus memo items M.1/M.2: purchased electricity and heat (scope 2)",
        pl.col("ipcc_memo_t"),
    ),
    ("gpc", "total", "GPC BASIC", "GPC BASIC", pl.col("gpc_basic_t")),
    (
        "gpc",
        "basic_plus",
        "加：BASIC+ 增加项（工业过程、农林土地、范围三）",
        "plus BASIC+ additions (IPPU, AFOLU, scope 3)",
        pl.col("gpc_basic_plus_t") - pl.col("gpc_basic_t"),
    ),
    (
        "gpc",
        "outside",
        "加：范围一中不计入 BASIC 的行，如上网发电（I.4.4）",
        "plus scope 1 rows outside BASIC (I.4.4 generation supplied to the grid, …)",
        pl.col("gpc_outside_t"),
    ),
)


_ADD_BACK_REMOVALS = (
    "removals",
    "加回：碳汇清除量（总量中已扣减）",
    "add back removals (netted in the total)",
    -pl.col("removals_co2e_t"),
)


def reconcile(emissions: pl.DataFrame, *, rel_tol: float = 1e-9) -> pl.DataFrame:
    """Walk each framework's headline total to the inventory's gross emissions.

    For each territory, year and framework: the framework's own total, the items it treats
    differently (added back or taken out), and a ``result`` line that must equal the
    inventory's gross emissions (all sources, without removals)::

        cn:   total (all rows)                         − removals                  = gross
        ipcc: territorial total + memo M.1/M.2 (scope 2) − removals                  = gross
        gpc:  BASIC + (BASIC+ − BASIC) + rows outside BASIC/BASIC+ − removals       = gross

    Parameters
    ----------
    emissions:
        The engine's record-level emissions.
    rel_tol:
        Relative tolerance of ``reconciles`` (floating-point summation order only).

    Returns
    -------
    polars.DataFrame
        ``territory, year, framework, line, name_zh, name_en, co2e_t`` and ``reconciles``
        (on ``result`` lines: whether the walk ends at the gross total; null elsewhere).
    """
    totals = framework_totals(emissions)
    frames = []
    for framework in ("cn", "ipcc", "gpc"):
        lines = [line[1:] for line in _LINES if line[0] == framework] + [_ADD_BACK_REMOVALS]
        rows = [
            totals.select(
                "territory",
                "year",
                pl.lit(framework).alias("framework"),
                pl.lit(line_id).alias("line"),
                pl.lit(zh).alias("name_zh"),
                pl.lit(en).alias("name_en"),
                expr.alias("co2e_t"),
                pl.lit(None, pl.Boolean).alias("reconciles"),
            )
            for line_id, zh, en, expr in lines
        ]
        result = sum((expr for *_, expr in lines), pl.lit(0.0))
        rows.append(
            totals.select(
                "territory",
                "year",
                pl.lit(framework).alias("framework"),
                pl.lit("result").alias("line"),
                pl.lit("= 清单排放总量（不含碳汇）").alias("name_zh"),
                pl.lit("= inventory gross emissions (without removals)").alias("name_en"),
                result.alias("co2e_t"),
                (
                    (result - pl.col("gross_co2e_t")).abs()
                    <= rel_tol * pl.max_horizontal(pl.col("gross_co2e_t").abs(), pl.lit(1.0))
                ).alias("reconciles"),
            )
        )
        frames += rows
    return pl.concat(frames).sort(["territory", "year"], maintain_order=True)
