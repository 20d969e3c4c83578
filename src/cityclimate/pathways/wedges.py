"""Wedges: the reduction each lever delivers against the baseline, order-independent.

Method: the Shapley value (Shapley 1953, "A value for n-person games", Contributions to the
Theory of Games II, pp. 307–317), as used for order-independent attribution of interacting
mitigation measures. The *players* are the levers whose setting differs between the baseline
and the scenario, plus one player "other assumptions" when the scenario's drivers, intensity
trends or grid trajectory differ. v(S) is the model's net emissions per year (gross + removals, so sinks count) with the players
in S at the scenario's setting and the others at the baseline's; player i's wedge is

    φ_i = Σ_{S ⊆ N∖{i}} |S|! (|N| − |S| − 1)! / |N|! × (v(S) − v(S ∪ {i}))     (t CO2e)

(reduction, positive when emissions fall). By the efficiency of the Shapley value the wedges
sum exactly to v(∅) − v(N) = baseline − scenario, in every year, whatever the interactions
(e.g. electrifying cars is worth more on a cleaner grid). All 2^|N| subsets run as one batch of
the vectorised kernel; |N| is at most :data:`MAX_PLAYERS`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.pathways.engine import (
    KernelInputs,
    PreparedModel,
    net_by_sector,
    scenario_inputs,
    simulate,
)
from cityclimate.pathways.model import FloatArray, Scenario

#: Largest number of players for the exact Shapley value (2^16 model runs).
MAX_PLAYERS = 16
#: Runs per kernel batch (keeps memory near 50 MB).
CHUNK = 2048
ASSUMPTIONS = "other_assumptions"


@dataclass(frozen=True)
class Wedges:
    """Wedges of a scenario against a baseline.

    Attributes
    ----------
    players:
        Lever ids (and :data:`ASSUMPTIONS`) that differ between the two.
    years:
        The modelled years.
    reduction_t:
        ``[player, year]`` φ in t CO2e (positive = fewer emissions than the baseline).
    sectors, reduction_by_sector_t:
        The sectors and ``[player, year, sector]``: the same Shapley value computed on each
        sector's net emissions (where each lever's reduction happens; it sums to
        ``reduction_t`` over sectors, since the Shapley value is linear in v).
    baseline_t, scenario_t:
        Net emissions per year of the baseline and of the scenario (from the same batch).
    """

    players: tuple[str, ...]
    years: tuple[int, ...]
    reduction_t: FloatArray
    baseline_t: FloatArray
    scenario_t: FloatArray
    sectors: tuple[str, ...] = ()
    reduction_by_sector_t: FloatArray | None = None

    def sector_frame(self) -> pl.DataFrame:
        """Long frame ``year, lever, sector, reduction_co2e_t``."""
        if self.reduction_by_sector_t is None:
            return pl.DataFrame(
                schema={
                    "year": pl.Int32,
                    "lever": pl.String,
                    "sector": pl.String,
                    "reduction_co2e_t": pl.Float64,
                }
            )
        p, t, s = self.reduction_by_sector_t.shape
        return pl.DataFrame(
            {
                "year": np.tile(np.repeat(np.asarray(self.years), s), p),
                "lever": np.repeat(np.asarray(self.players, dtype=object), t * s).astype(str),
                "sector": np.tile(np.asarray(self.sectors, dtype=object), p * t).astype(str),
                "reduction_co2e_t": self.reduction_by_sector_t.ravel(),
            },
            schema_overrides={"year": pl.Int32},
        )

    def frame(self) -> pl.DataFrame:
        """Long frame ``year, lever, reduction_co2e_t``."""
        p, t = self.reduction_t.shape
        return pl.DataFrame(
            {
                "year": np.tile(np.asarray(self.years), p),
                "lever": np.repeat(np.asarray(self.players, dtype=object), t).astype(str),
                "reduction_co2e_t": self.reduction_t.ravel(),
            },
            schema_overrides={"year": pl.Int32},
        )


def shapley_weights(players: int) -> FloatArray:
    """Weight |S|!(N − |S| − 1)!/N! of a coalition of each size |S| = 0 … N − 1."""
    n = players
    return np.array(
        [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
    )


def shapley_values(values: FloatArray, players: int) -> FloatArray:
    """Shapley values ``[player, …]`` from v of every coalition ``[2^N, …]`` (bit i = player i).

    For player i the coalitions are viewed as ``[2^(N−1−i), 2, 2^i]`` (the bits above i, bit i,
    the bits below), so the coalitions with and without i pair up without copying.
    """
    count = 2**players
    rest = values.shape[1:]
    sizes = np.array([bin(m).count("1") for m in range(count)])
    weights = shapley_weights(players) if players else np.zeros(0)
    out = np.zeros((players, *rest))
    for i in range(players):
        shape = (count >> (i + 1), 2, 1 << i)
        v = values.reshape(*shape, -1)
        marginal = (v[:, 1] - v[:, 0]).reshape(count // 2, -1)
        w = weights[sizes.reshape(shape)[:, 0].ravel()]
        out[i] = (w @ marginal).reshape(rest)
    return out


def compute_wedges(model: PreparedModel, baseline: Scenario, scenario: Scenario) -> Wedges:
    """Wedge of each lever (and of other assumptions) of ``scenario`` against ``baseline``.

    Raises
    ------
    DataValidationError
        When the two scenarios have different years, or more than :data:`MAX_PLAYERS` players.
    """
    if list(baseline.years) != list(scenario.years):
        raise DataValidationError(
            [
                Problem(
                    scenario.name,
                    None,
                    "horizon",
                    f"{scenario.base_year}-{scenario.end_year}",
                    "情景与基准情景的年份范围须相同",
                    "the scenario and the baseline must cover the same years",
                )
            ]
        )
    base = scenario_inputs(model, baseline)
    scen = scenario_inputs(model, scenario)
    lever_players = [
        k
        for k, lever in enumerate(model.levers)
        if baseline.levers.get(lever.id) != scenario.levers.get(lever.id)
        and not np.array_equal(base.effects[0, :, k], scen.effects[0, :, k])
    ]
    assumptions = not (
        np.array_equal(base.growth, scen.growth)
        and np.array_equal(base.intensity_rate, scen.intensity_rate)
        and np.array_equal(base.grid_rate, scen.grid_rate)
    )
    players = [model.levers[k].id for k in lever_players] + ([ASSUMPTIONS] if assumptions else [])
    if len(players) > MAX_PLAYERS:
        raise DataValidationError(
            [
                Problem(
                    scenario.name,
                    None,
                    "levers",
                    str(len(players)),
                    f"与基准情景不同的杠杆过多（上限 {MAX_PLAYERS}）",
                    f"too many levers differ from the baseline (at most {MAX_PLAYERS})",
                )
            ]
        )
    masks = np.arange(2 ** len(players))
    values = np.empty((len(masks), len(scenario.years), len(model.sectors)))
    for start in range(0, len(masks), CHUNK):
        chunk = masks[start : start + CHUNK]
        out = simulate(model, _coalition_inputs(base, scen, lever_players, assumptions, chunk))
        values[start : start + len(chunk)] = net_by_sector(model, out)
    phi = shapley_values(values, len(players))
    total = values.sum(axis=2)
    return Wedges(
        players=tuple(players),
        years=tuple(scenario.years),
        reduction_t=-phi.sum(axis=2),
        baseline_t=total[0],
        scenario_t=total[-1],
        sectors=model.sectors,
        reduction_by_sector_t=-phi,
    )


def _coalition_inputs(
    base: KernelInputs,
    scen: KernelInputs,
    lever_players: Sequence[int],
    assumptions: bool,
    masks: np.ndarray[tuple[int], np.dtype[np.int64]],
) -> KernelInputs:
    n = len(masks)
    effects = np.repeat(base.effects, n, axis=0)
    for bit, k in enumerate(lever_players):
        on = (masks >> bit) & 1 == 1
        effects[on, :, k] = scen.effects[0, :, k]
    use = (masks >> len(lever_players)) & 1 == 1 if assumptions else np.zeros(n, dtype=bool)

    def pick(a: FloatArray, b: FloatArray) -> FloatArray:
        shape = (n,) + (1,) * (a.ndim - 1)
        result: FloatArray = np.where(use.reshape(shape), b, a)
        return result

    return KernelInputs(
        growth=pick(base.growth, scen.growth),
        intensity_rate=pick(base.intensity_rate, scen.intensity_rate),
        grid_rate=pick(base.grid_rate, scen.grid_rate),
        effects=effects,
    )
