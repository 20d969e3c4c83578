"""Matrix LCA of product systems (issue 16): a small battery pack computed by hand, allocation,
biogenic carbon kept apart, declared units, many demands and every product on one
factorisation equal to a dense solve, seeded Monte Carlo, and errors that name the process."""

from __future__ import annotations

import numpy as np
import pytest

from cityclimate import refdata
from cityclimate.errors import DataValidationError
from cityclimate.footprints.calculation import (
    Factorised,
    build,
    characterisation,
    compute,
    monte_carlo,
    per_unit_of_every_product,
    with_datasets,
)
from cityclimate.footprints.model import (
    Coproduct,
    Dataset,
    DeclaredUnit,
    Exchange,
    Process,
    ProductSystem,
    Quality,
    Uncertainty,
)

GWP = characterisation(refdata.gwp(), "AR6")  # CH4 27.9 (fossil 29.8 where split), N2O 273

CELL = Dataset("cell-nmc", "NMC cell (illustrative)", "kg", 12.0, "test dataset")
GRID = Dataset("grid-cq", "Chongqing grid electricity (illustrative)", "kWh", 0.5, "test")
ALU = Dataset("aluminium", "aluminium ingot (illustrative)", "kg", 16.0, "test", biogenic=0.0)


def battery(**changes: object) -> ProductSystem:
    """A pack of 250 kg: 200 kg of cells, 30 kg of aluminium housing, assembly 100 kWh and
    2 kg of fossil CO2 + 0.01 kg of N2O on site."""
    assembly = Process(
        "assembly", "pack assembly", "pack", 1.0, "piece",
        (
            Exchange("cell-nmc", 200.0, "kg"),
            Exchange("aluminium", 30.0, "kg"),
            Exchange("grid-cq", 100.0, "kWh"),
            Exchange("CO2", 2.0, "kg", "biosphere"),
            Exchange("N2O", 10.0, "g", "biosphere"),
        ),
        quality=Quality(1, 1, 1, 1, 1, primary=True),
    )  # fmt: skip
    system = ProductSystem("pack", "battery pack", "assembly", (assembly,),
                           DeclaredUnit("piece", 1.0, 250.0))  # fmt: skip
    system = with_datasets(system, [d.as_process() for d in (CELL, GRID, ALU)])
    return ProductSystem(**{**system.__dict__, **changes})


def test_the_battery_pack_by_hand() -> None:
    result = compute(battery(), GWP)
    # 200 × 12 + 30 × 16 + 100 × 0.5 + 2 + 0.010 × 273 = 2400 + 480 + 50 + 2 + 2.73
    assert result.total == pytest.approx(2934.73, rel=1e-12)
    assert result.fossil == pytest.approx(2934.73) and result.biogenic == 0 and result.luc == 0
    assert result.by_process["cell-nmc"] == pytest.approx(2400.0)
    assert result.by_process["assembly"] == pytest.approx(4.73)
    # only the assembly (4.73 of 2934.73) is primary data
    assert result.primary_share == pytest.approx(4.73 / 2934.73)
    assert result.quality["technological"] == pytest.approx((4.73 * 1 + 2930 * 2) / 2934.73)


def test_per_kg_of_pack_through_the_mass_per_piece() -> None:
    per_kg = compute(battery(declared_unit=DeclaredUnit("kg", 1.0, 250.0)), GWP)
    assert per_kg.total == pytest.approx(2934.73 / 250)
    with pytest.raises(DataValidationError) as caught:
        compute(battery(declared_unit=DeclaredUnit("kg", 1.0, None)), GWP)
    assert caught.value.problems[0].field == "declared_unit"


def test_physical_and_economic_allocation_differ_as_stated() -> None:
    # A smelter makes 1 kg of aluminium and 0.5 kg of dross (value 1 元 vs 19 元 for the metal)
    smelter = Process("smelter", "smelter", "al", 1.0, "kg",
                      (Exchange("CO2", 12.0, "kg", "biosphere"),),
                      coproducts=(Coproduct("dross", 0.5, 0.5, 1.0),), mass_kg=1.0, value=19.0)  # fmt: skip
    system = ProductSystem("al", "aluminium", "smelter", (smelter,), DeclaredUnit("kg", 1.0))
    assert compute(system, GWP).total == pytest.approx(12.0 * 1.0 / 1.5)  # by mass
    economic = ProductSystem(**{**system.__dict__, "allocation": "economic"})
    assert compute(economic, GWP).total == pytest.approx(12.0 * 19 / 20)
    assert compute(economic, GWP).allocation == "economic"


def test_biogenic_carbon_is_reported_apart() -> None:
    wood = Process("crate", "wooden crate", "crate", 1.0, "piece",
                   (Exchange("CO2", -1.5, "kg", "biosphere", "biogenic"),  # uptake
                    Exchange("CO2", 0.3, "kg", "biosphere"),
                    Exchange("CH4", 1.0, "g", "biosphere", "biogenic")))  # fmt: skip
    result = compute(ProductSystem("crate", "crate", "crate", (wood,)), GWP)
    assert result.fossil == pytest.approx(0.3)
    assert result.biogenic == pytest.approx(-1.5 + 0.001 * GWP["CH4"])
    assert result.total == pytest.approx(result.fossil + result.biogenic)


def _random_system(n: int, seed: int) -> ProductSystem:
    rng = np.random.default_rng(seed)
    processes = []
    for j in range(n):
        inputs = rng.choice(n, size=3, replace=False)
        exchanges = [Exchange(f"p{k}", float(rng.uniform(0, 0.2)), "kg") for k in inputs if k != j]
        exchanges.append(Exchange("CO2", float(rng.uniform(0, 5)), "kg", "biosphere"))
        exchanges.append(Exchange("CH4", float(rng.uniform(0, 0.01)), "kg", "biosphere"))
        processes.append(Process(f"p{j}", f"p{j}", f"p{j}", 1.0, "kg", tuple(exchanges)))
    return ProductSystem("p0", "random", "p0", tuple(processes), DeclaredUnit("kg", 1.0))


def test_many_demands_and_every_product_equal_a_dense_solve() -> None:
    system = _random_system(60, seed=7)
    matrices = build(system, GWP)
    dense_a = matrices.technosphere.toarray()
    intensity = matrices.c @ matrices.biosphere.toarray()
    demands = np.eye(60)[:, :10] * 3.0
    expected = intensity @ np.linalg.solve(dense_a, demands)
    factorised = Factorised(matrices, system.processes)
    assert np.allclose(factorised.scores(demands), expected, rtol=1e-10, atol=0)
    every = per_unit_of_every_product(system, GWP)
    assert np.allclose([every[f"p{j}"] for j in range(60)],
                       intensity @ np.linalg.inv(dense_a), rtol=1e-10)  # fmt: skip
    assert compute(system, GWP).total == pytest.approx(every["p0"], rel=1e-12)


def test_monte_carlo_is_seeded_and_centred() -> None:
    cells = Exchange("cell-nmc", 200.0, "kg", uncertainty=Uncertainty("lognormal", 1.2))
    system = battery()
    assembly = system.processes[0]
    varied = Process(**{**assembly.__dict__, "exchanges": (cells, *assembly.exchanges[1:])})
    system = ProductSystem(**{**system.__dict__, "processes": (varied, *system.processes[1:])})
    one = monte_carlo(system, GWP, runs=400, seed=3)
    two = monte_carlo(system, GWP, runs=400, seed=3)
    assert np.array_equal(one.samples, two.samples)
    # the amount is the median: the footprint's median stays near the deterministic 2934.73
    assert one.median == pytest.approx(2934.73, rel=0.03)
    assert one.low < 2934.73 < one.high
    assert not np.array_equal(one.samples, monte_carlo(system, GWP, runs=400, seed=4).samples)


def test_errors_name_the_process_and_exchange() -> None:
    broken = Process("assembly", "pack assembly", "pack", 1.0, "piece",
                     (Exchange("separator", 1.0, "kg"), Exchange("grid-cq", 5.0, "kg"),
                      Exchange("SF7", 1.0, "kg", "biosphere")))  # fmt: skip
    system = with_datasets(ProductSystem("pack", "pack", "assembly", (broken,)),
                           [GRID.as_process()])  # fmt: skip
    with pytest.raises(DataValidationError) as caught:
        compute(system, GWP)
    found = {(p.where, p.field) for p in caught.value.problems}
    assert found == {("process assembly", "separator"), ("process assembly", "grid-cq"),
                     ("process assembly", "SF7")}  # fmt: skip


def test_a_loop_that_makes_nothing_net_is_named() -> None:
    a = Process("a", "a", "a", 1.0, "kg", (Exchange("b", 1.0, "kg"),))
    b = Process("b", "b", "b", 1.0, "kg", (Exchange("a", 1.0, "kg"),))
    c = Process("c", "c", "c", 1.0, "kg", (Exchange("a", 1.0, "kg"),))
    with pytest.raises(DataValidationError) as caught:
        compute(ProductSystem("c", "c", "c", (a, b, c)), GWP)
    (problem,) = caught.value.problems
    assert problem.field == "loop" and set(problem.value.split(" → ")) == {"a", "b"}
