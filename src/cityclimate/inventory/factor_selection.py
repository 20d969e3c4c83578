"""Factor selection: for every activity key and gas, the most specific factor that applies.

Most specific first: a factor measured for the record, then local (sub-area, territory),
provincial, regional grid, national, IPCC default. A sector-specific factor beats a generic one;
a factor valid for the record's year beats another year (used only when
``Method.nearest_year``). The reason is recorded on every result row. A record for which a
required gas has no factor is an error naming it, never a silent zero.
"""

from __future__ import annotations

import polars as pl

from cityclimate.errors import MissingFactorError, Problem
from cityclimate.inventory.model import FACTOR_LEVELS

_ANY_YEAR = (1900, 2200)


def region_chain(territories: pl.DataFrame, grid_regions: pl.DataFrame) -> pl.DataFrame:
    """For every territory, the regions whose factors apply to it, ranked most specific first.

    Returns columns ``territory``, ``region``, ``rank`` (index into
    :data:`~cityclimate.inventory.model.FACTOR_LEVELS`), ``from_year``, ``to_year``. A
    sub-area has rank 1, a district or city rank 2, its province 3, the province's grid region
    4 (by table edition and years), the country 5, and ``*`` (IPCC defaults) 6.
    """
    parent = dict(territories.select("code", "parent").iter_rows())
    kind = dict(territories.select("code", "kind").iter_rows())
    rank_of_kind = {"sub_area": 1, "district": 2, "city": 2, "province": 3, "country": 5}
    # The grid regions of each province, in table order (one pass, not one filter per province).
    grids: dict[str, list[tuple[str, int, int]]] = {}
    for province, grid, valid_from, valid_to in grid_regions.select(
        "province", "grid_region", "valid_from", "valid_to"
    ).iter_rows():
        grids.setdefault(province, []).append((grid, valid_from, valid_to))
    rows: list[tuple[str, str, int, int, int]] = []
    for code in parent:
        node: str | None = code
        seen: set[str] = set()
        while node is not None and node not in seen:
            seen.add(node)
            rank = rank_of_kind[kind[node]]
            rows.append((code, node, rank, _ANY_YEAR[0], _ANY_YEAR[1]))
            if kind[node] == "province":
                rows.extend((code, g, 4, a, b) for g, a, b in grids.get(node, []))
            node = parent.get(node)
        rows.append((code, "*", 6, _ANY_YEAR[0], _ANY_YEAR[1]))
    return pl.DataFrame(
        rows,
        schema={
            "territory": pl.String,
            "region": pl.String,
            "rank": pl.Int8,
            "from_year": pl.Int32,
            "to_year": pl.Int32,
        },
        orient="row",
    ).unique(["territory", "region", "from_year"], keep="first")


def select_factors(
    keys: pl.DataFrame,
    factors: pl.DataFrame,
    chain: pl.DataFrame,
    categories: pl.DataFrame,
    *,
    nearest_year: bool = False,
    where: str = "activities",
    problems: list[Problem] | None = None,
) -> pl.DataFrame:
    """Choose, for every distinct activity key and gas, the most specific factor.

    Parameters
    ----------
    keys:
        Distinct ``territory, sub_area, year, category, fuel`` of the activities, with
        ``first_row`` (a 1-based row number to name in errors) and ``first_record``.
    factors:
        Composite factors from :func:`compile_factors`.
    chain:
        Regions per territory from :func:`region_chain`.
    categories:
        The category table (calculator, use_sector, required gases).
    where:
        The file or data-set name used in messages (rows are ``first_row`` of each key).
    problems:
        When given, missing factors are appended to it (and those keys left out of the
        result) instead of raised, so that a caller can list every mistake at once.

    Returns
    -------
    polars.DataFrame
        The key columns, ``gas`` and the chosen factor's columns, with ``factor_level`` and
        ``selection_reason``.

    Raises
    ------
    MissingFactorError
        When a key has no factor for a gas its category requires.
    """
    cats = categories.select("code", "calculator", "use_sector", "gases").rename(
        {"code": "category"}
    )
    k = keys.join(cats, on="category", how="left")
    # A sub-area's own code is the most local region; then the territory's chain.
    local = (
        k.select("territory", "sub_area", "year")
        .unique()
        .filter(pl.col("sub_area").is_not_null())
        .with_columns(
            region=pl.col("sub_area"),
            rank=pl.lit(1, pl.Int8),
            from_year=pl.lit(_ANY_YEAR[0], pl.Int32),
            to_year=pl.lit(_ANY_YEAR[1], pl.Int32),
        )
    )
    regions = pl.concat(
        [
            local.select("territory", "sub_area", "region", "rank", "from_year", "to_year"),
            k.select("territory", "sub_area")
            .unique()
            .join(chain, on="territory", how="inner")
            .select("territory", "sub_area", "region", "rank", "from_year", "to_year"),
        ]
    )
    candidates = (
        k.join(regions, on=["territory", "sub_area"], how="inner", nulls_equal=True)
        .filter((pl.col("year") >= pl.col("from_year")) & (pl.col("year") <= pl.col("to_year")))
        .join(
            factors.rename({"material": "fuel"}),
            on=["calculator", "fuel", "region"],
            how="inner",
        )
        .filter((pl.col("sector") == pl.col("use_sector")) | (pl.col("sector") == "*"))
        .with_columns(
            year_distance=pl.max_horizontal(
                pl.col("valid_from") - pl.col("year"),
                pl.col("year") - pl.col("valid_to"),
                pl.lit(0),
            ),
            generic_sector=(pl.col("sector") == "*").cast(pl.Int8),
        )
    )
    key_cols = ["territory", "sub_area", "year", "category", "fuel"]
    # Years for which a factor exists when none is valid in the record's own year (for the
    # message: allowing the nearest year helps only when there is one). Lazy: computed only
    # when a factor is missing.
    other_years = (
        candidates.lazy()
        .filter(pl.col("year_distance") > 0)
        .group_by([*key_cols, "gas"])
        .agg(other_from=pl.col("valid_from").min(), other_to=pl.col("valid_to").max())
    )
    if not nearest_year:
        candidates = candidates.filter(pl.col("year_distance") == 0)
    chosen = (
        candidates.sort(
            ["rank", "generic_sector", "year_distance", "valid_from"],
            descending=[False, False, False, True],
        )
        .group_by([*key_cols, "gas"], maintain_order=True)
        .first()
    )
    missing = _check_required(k, chosen, key_cols, other_years, where)
    if missing and problems is None:
        raise MissingFactorError(missing)
    if problems is not None:
        problems.extend(missing)
    levels = dict(enumerate(FACTOR_LEVELS))
    return chosen.with_columns(
        factor_level=pl.col("rank").replace_strict(levels, return_dtype=pl.String),
    ).with_columns(
        selection_reason=pl.format(
            "{} factor for {} ({}){}",
            pl.col("factor_level"),
            pl.col("region"),
            pl.col("factor_set"),
            pl.when(pl.col("year_distance") > 0)
            .then(
                pl.format(
                    "; nearest year {}-{}: none valid for {}",
                    pl.col("valid_from"),
                    pl.col("valid_to"),
                    pl.col("year"),
                )
            )
            .otherwise(pl.lit("")),
        )
    )


def _check_required(
    keys: pl.DataFrame,
    chosen: pl.DataFrame,
    key_cols: list[str],
    other_years: pl.LazyFrame,
    where: str,
) -> list[Problem]:
    required = keys.with_columns(gas=pl.col("gases").str.split(";")).explode("gas")
    found = chosen.select(*key_cols, "gas")
    specific = required.filter(pl.col("gas") != "*").join(
        found, on=[*key_cols, "gas"], how="anti", nulls_equal=True
    )
    wildcard = required.filter(pl.col("gas") == "*").join(
        found, on=key_cols, how="anti", nulls_equal=True
    )
    missing = pl.concat([specific, wildcard])
    if missing.is_empty():
        return []
    missing = missing.join(
        other_years.collect(), on=[*key_cols, "gas"], how="left", nulls_equal=True
    ).sort("first_row")
    problems = []
    for r in missing.iter_rows(named=True):
        if r["other_from"] is not None:
            hint = (
                f"已有 {r['other_from']}–{r['other_to']} 年的因子：可在方法中允许使用最近年份的因子",
                f"factors exist for {r['other_from']}-{r['other_to']}: allow the nearest year's "
                "factor in the method",
            )
        else:
            hint = ("请补充该因子或更换因子集", "add the factor or choose another factor set")
        problems.append(
            Problem(
                where,
                r["first_row"],
                "fuel",
                r["fuel"],
                f"找不到排放因子：类别 {r['category']}、燃料/物料 {r['fuel']}、地区 "
                f"{r['territory']}、{r['year']} 年、气体 {r['gas']}（记录 {r['first_record']}）。"
                f"{hint[0]}",
                f"no emission factor for category {r['category']}, fuel/material {r['fuel']}, "
                f"territory {r['territory']}, year {r['year']}, gas {r['gas']} (record "
                f"{r['first_record']}); {hint[1]}",
            )
        )
    return problems
