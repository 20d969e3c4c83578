"""Default uncertainties and the distributions an uncertain input may have.

The data table of IPCC (and placeholder) defaults used when a record states no uncertainty of its
own, and the constants that turn a 95 % half-width into each distribution's parameters. Shared
by the input resolution, Approach 1 and Approach 2.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

#: Distributions an input may have, by the name users write in ``*_dist`` columns.
DISTRIBUTIONS: tuple[str, ...] = ("normal", "lognormal", "triangular", "uniform")

_DEFAULT_SCHEMA: dict[str, Any] = {
    "input": pl.String,
    "key": pl.String,
    "unc_pct": pl.Float64,
    "distribution": pl.String,
    "source": pl.String,
    "confidence": pl.String,
}

#: Default uncertainties (95 % half-width, % of the value) when a record gives none.
#:
#: ``input == "activity"`` rows are keyed by ``quality_tier`` (``"unknown"`` is used when the
#: tier is null); ``input == "factor"`` rows by ``factor_kind`` when the record has one, else by
#: ``gas``, else ``"other"``. Confidence flags as in docs/reference: H checked against the
#: publisher's text, M consistent across secondary sources, L to be confirmed.
DEFAULT_UNCERTAINTY: pl.DataFrame = pl.DataFrame(
    [
        (
            "activity",
            "measured",
            2.0,
            "normal",
            "IPCC 2006 Vol.2 Ch.2 Table 2.15: metered/surveyed fuel use of large plants in "
            "well-developed statistical systems, about 1-3 %; 2 % taken",
            "L",
        ),
        (
            "activity",
            "statistics",
            5.0,
            "normal",
            "IPCC 2006 Vol.2 Ch.2 s.2.4.2 (as IPCC GPG 2000 s.2.1.1.5): default +/-5 % for fuel "
            "combustion data from national energy statistics when nothing better is known "
            "(seen in a secondary transcription of the GPG text; 2006 wording not checked)",
            "L",
        ),
        (
            "activity",
            "estimated",
            25.0,
            "normal",
            "IPCC 2006 Vol.2 Ch.2 Table 2.15: extrapolated data in less-developed statistical "
            "systems, up to about 15-25 %; upper end taken",
            "L",
        ),
        (
            "activity",
            "unknown",
            25.0,
            "normal",
            "cityclimate choice, not an IPCC value: a record without a quality tier is treated "
            "as 'estimated' (conservative)",
            "L",
        ),
        (
            "factor",
            "CO2",
            5.0,
            "normal",
            "IPCC 2006 Vol.2 Ch.2 Table 2.2: 95 % ranges of default CO2 factors, mostly within "
            "about +/-2-7 % (e.g. other bituminous coal 94,600 kg/TJ, 89,500-99,700)",
            "L",
        ),
        (
            "factor",
            "CH4",
            150.0,
            "lognormal",
            "IPCC 2006 Vol.2 Ch.2 Tables 2.2-2.5: default CH4 factors span about a factor of "
            "3 either way (e.g. natural gas 1 kg/TJ, 0.3-3); +150 % taken, lognormal",
            "L",
        ),
        (
            "factor",
            "N2O",
            150.0,
            "lognormal",
            "IPCC 2006 Vol.2 Ch.2 Tables 2.2-2.5: default N2O factors span about a factor of "
            "3 either way (e.g. other bituminous coal 1.5 kg/TJ, 0.5-5); +150 % taken, "
            "lognormal",
            "L",
        ),
        (
            "factor",
            "grid_electricity",
            10.0,
            "normal",
            "placeholder: IPCC 2006 gives no default for grid (scope 2) factors and the MEE/NBS "
            "announcements state none; to be replaced by a published figure",
            "L",
        ),
        (
            "factor",
            "purchased_heat",
            10.0,
            "normal",
            "placeholder: no IPCC 2006 default for purchased heat (0.11 t CO2/GJ, ETS "
            "guidelines, states no range)",
            "L",
        ),
        (
            "factor",
            "other",
            30.0,
            "normal",
            "placeholder for other gases and process factors: IPCC 2006 Vol.3 gives "
            "category-specific ranges, often 10-50 %",
            "L",
        ),
    ],
    schema=_DEFAULT_SCHEMA,
    orient="row",
)

# The 95 % half-width U (fraction of the mean) -> parameter of each distribution.
_Z95 = 1.959963984540054  # standard normal 97.5 % quantile
#: Symmetric triangular on [m - a, m + a]: P(|X - m| > h) = (1 - h/a)^2 = 0.05.
_TRIANGULAR_95 = 1.0 - math.sqrt(0.05)
#: Uniform on [m - a, m + a]: the central 95 % is m +/- 0.95 a.
_UNIFORM_95 = 0.95

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
