"""Benchmark: matrix LCA of a 20,000-process product system (issue 16).

A seeded random technosphere shaped like an ecoinvent-sized database (20,000 processes, 12
inputs each on average, 3 greenhouse gases), solved

* by cityclimate (:mod:`cityclimate.footprints.calculation`: sparse matrices, one SuperLU
  factorisation, characterisation with the inventory's AR6 GWPs);
* by bw2calc 3.x (``bw2calc.LCA`` on a ``bw_processing`` datapackage of the same matrices);
* by raw scipy: ``splu`` of the same matrix (transposed, as bw2calc and cityclimate factorise
  it: far less fill-in), ``solve``, a dot product (the bare kernel);

for one functional unit cold (matrices, factorisation, solve, characterisation), 100
functional units, and every product's footprint per unit (cityclimate: one transposed solve;
raw: the same adjoint solve; bw2calc has no such call). Every path starts from the same COO
arrays; the time cityclimate takes to build those matrices from its ``ProductSystem`` objects
is printed apart. Results must equal bw2calc's within 1e-9 relative. Size by ``BENCH_PROCESSES``.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from benchmarks.timing import interleaved, load
from cityclimate import refdata
from cityclimate.footprints.calculation import Factorised, Matrices, build, characterisation
from cityclimate.footprints.model import DeclaredUnit, Exchange, Process, ProductSystem

N = int(os.environ.get("BENCH_PROCESSES", "20000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
INPUTS = 12
HUBS = 400
GASES = ("CO2", "CH4", "N2O")
SEED = 16


def _arrays() -> dict[str, Any]:
    """COO arrays of A (production 1 on the diagonal, inputs small enough that A is
    invertible: every column's inputs sum below 1) and B (3 gases), seeded."""
    rng = np.random.default_rng(SEED)
    cols = np.repeat(np.arange(N), INPUTS)
    # Shaped like a supply chain: 70 % of the inputs come from a few hundred hub products
    # (electricity, heat, transport: the last HUBS processes, which also feed one another, the
    # loops of ecoinvent), 29 % from nearby upstream processes, 1 % from anywhere. A uniformly
    # random graph would fill SuperLU's factors densely, as no real database does.
    hubs = min(HUBS, N // 4)
    pick = rng.random(cols.size)
    rows = np.where(
        pick < 0.7,
        N - hubs + rng.integers(0, hubs, cols.size),
        np.minimum(cols + 1 + rng.integers(0, 50, cols.size), N - 1),
    )
    anywhere = pick > 0.99
    rows[anywhere] = rng.integers(0, N, int(anywhere.sum()))
    keep = (rows != cols) & (rows < N)
    rows, cols = rows[keep], cols[keep]
    amounts = rng.uniform(0.0, 0.9 / INPUTS, rows.size)
    a_rows = np.concatenate([np.arange(N), rows])
    a_cols = np.concatenate([np.arange(N), cols])
    a_vals = np.concatenate([np.ones(N), -amounts])
    b_rows = np.repeat(np.arange(len(GASES)), N)
    b_cols = np.tile(np.arange(N), len(GASES))
    b_vals = np.concatenate(
        [rng.uniform(0, 5, N), rng.uniform(0, 0.02, N), rng.uniform(0, 0.001, N)]
    )
    return {"a": (a_vals, (a_rows, a_cols)), "b": (b_vals, (b_rows, b_cols))}


def _system(arrays: dict[str, Any]) -> ProductSystem:
    """The same system as cityclimate objects (for the object-path build time)."""
    a_vals, (a_rows, a_cols) = arrays["a"]
    b_vals, (b_rows, b_cols) = arrays["b"]
    inputs: list[list[Exchange]] = [[] for _ in range(N)]
    for v, r, c in zip(a_vals[N:], a_rows[N:], a_cols[N:], strict=True):
        inputs[c].append(Exchange(f"p{r}", float(-v), "kg"))
    for v, r, c in zip(b_vals, b_rows, b_cols, strict=True):
        inputs[c].append(Exchange(GASES[r], float(v), "kg", "biosphere"))
    processes = tuple(
        Process(f"p{j}", f"p{j}", f"p{j}", 1.0, "kg", tuple(inputs[j])) for j in range(N)
    )
    return ProductSystem("p0", "benchmark", "p0", processes, DeclaredUnit("kg", 1.0))


def _matrices(arrays: dict[str, Any], c: np.ndarray) -> Matrices:
    codes = tuple(f"p{j}" for j in range(N))
    technosphere = sp.csc_matrix(arrays["a"], shape=(N, N))
    biosphere = sp.csc_matrix(arrays["b"], shape=(len(GASES), N))
    return Matrices(codes, {code: j for j, code in enumerate(codes)},
                    tuple((g, "fossil") for g in GASES), technosphere, biosphere, c)  # fmt: skip


def _datapackage(arrays: dict[str, Any], c: np.ndarray) -> Any:
    import bw_processing as bwp

    a_vals, (a_rows, a_cols) = arrays["a"]
    b_vals, (b_rows, b_cols) = arrays["b"]
    dp = bwp.create_datapackage()
    indices = np.empty(a_vals.size, dtype=bwp.INDICES_DTYPE)
    indices["row"], indices["col"] = a_rows, a_cols
    dp.add_persistent_vector(matrix="technosphere_matrix", indices_array=indices,
                             data_array=np.abs(a_vals), flip_array=a_vals < 0)  # fmt: skip
    bio = np.empty(b_vals.size, dtype=bwp.INDICES_DTYPE)
    bio["row"], bio["col"] = b_rows + N, b_cols  # biosphere ids apart from the products'
    dp.add_persistent_vector(matrix="biosphere_matrix", indices_array=bio, data_array=b_vals)
    cf = np.empty(len(GASES), dtype=bwp.INDICES_DTYPE)
    cf["row"] = cf["col"] = np.arange(len(GASES)) + N
    dp.add_persistent_vector(matrix="characterization_matrix", indices_array=cf, data_array=c)
    return dp


def run() -> None:
    warnings.filterwarnings("ignore", message=".*pypardiso.*")
    import bw2calc

    gwp = characterisation(refdata.gwp(), "AR6")
    c = np.array([gwp[g] for g in GASES])
    arrays = _arrays()
    print(f"{N:,} processes, {arrays['a'][0].size:,} technosphere and {arrays['b'][0].size:,} "
          f"biosphere entries; bw2calc {bw2calc.__version__}; {load()}", flush=True)  # fmt: skip
    demand = np.zeros(N)
    demand[0] = 1.0
    demands = np.zeros((N, 100))
    demands[np.arange(100) * (N // 100), np.arange(100)] = 1.0

    def ours_cold() -> float:
        return float(Factorised(_matrices(arrays, c), ()).scores(demand))

    def raw_cold() -> float:
        # the best bare use of SuperLU: factorise Aᵀ, solve transposed (as bw2calc does)
        lu = splu(sp.csr_matrix(arrays["a"], shape=(N, N)).T)
        b = sp.csc_matrix(arrays["b"], shape=(len(GASES), N))
        return float(c @ (b @ lu.solve(demand, trans="T")))

    def bw_cold() -> float:
        lca = bw2calc.LCA({0: 1.0}, data_objs=[_datapackage(arrays, c)])
        lca.lci()
        lca.lcia()
        return float(lca.score)

    print("one functional unit, cold (matrices + factorisation + solve + characterisation):")
    cold = interleaved({"cityclimate": ours_cold, "bw2calc": bw_cold, "raw splu": raw_cold}, ROUNDS)
    ours = Factorised(_matrices(arrays, c), ())
    lu = splu(sp.csr_matrix(arrays["a"], shape=(N, N)).T)
    b = sp.csc_matrix(arrays["b"], shape=(len(GASES), N))
    raw_intensity = np.asarray(b.T @ c).ravel()  # c B, once, as cityclimate keeps it
    lca = bw2calc.LCA({0: 1.0}, data_objs=[_datapackage(arrays, c)])
    lca.lci(factorize=True)
    lca.lcia()

    def bw_many() -> np.ndarray:
        scores = np.empty(100)
        for k in range(100):
            lca.lci(demand={int(np.flatnonzero(demands[:, k])[0]): 1.0})
            lca.lcia()
            scores[k] = lca.score
        return scores

    print("100 functional units on one factorisation:")
    many = interleaved({
        "cityclimate": lambda: ours.scores(demands),
        "bw2calc": bw_many,
        "raw splu": lambda: raw_intensity @ lu.solve(demands, trans="T"),
    }, ROUNDS)  # fmt: skip
    print(f"every product's footprint per unit ({N:,} scores, adjoint):")
    every = interleaved({
        "cityclimate": ours.per_unit,
        "raw adjoint": lambda: lu.solve(raw_intensity),
    }, ROUNDS)  # fmt: skip
    system = _system(arrays)
    print("cityclimate's matrices from its ProductSystem objects (build(), apart from the above):")
    interleaved({"build from objects": lambda: build(system, gwp)}, 1)

    reference = float(cold["bw2calc"].result)  # type: ignore[arg-type]
    peer_many = np.asarray(many["bw2calc"].result)
    agree_cold = abs(float(cold["cityclimate"].result) - reference) / abs(reference)  # type: ignore[arg-type]
    agree_many = float(
        np.max(np.abs(np.asarray(many["cityclimate"].result) - peer_many) / np.abs(peer_many))
    )
    agree_every = abs(float(np.asarray(every["cityclimate"].result)[0]) - reference) / abs(
        reference
    )
    worst = max(agree_cold, agree_many, agree_every)
    print(
        f"agreement with bw2calc: largest relative difference {worst:.2e} (goal <= 1e-9): "
        f"{'met' if worst <= 1e-9 else 'NOT met'}"
    )
    for label, times, peer, goal in (
        ("cold 1 FU, cityclimate / bw2calc", cold, "bw2calc", 1.0),
        ("cold 1 FU, cityclimate / raw splu", cold, "raw splu", 1.15),
        ("100 FUs, cityclimate / bw2calc", many, "bw2calc", 1.0),
        ("100 FUs, cityclimate / raw splu", many, "raw splu", 1.15),
        ("all products, cityclimate / raw adjoint", every, "raw adjoint", 1.1),
    ):
        ratio = times["cityclimate"].best / times[peer].best
        median = times["cityclimate"].median / times[peer].median
        cpu = times["cityclimate"].cpu / times[peer].cpu
        print(
            f"{label}: {ratio:.2f}x best, {median:.2f}x median, {cpu:.2f}x processor time "
            f"(goal <= {goal}x, judged on the best): {'met' if ratio <= goal else 'NOT met'}"
        )


if __name__ == "__main__":
    run()
