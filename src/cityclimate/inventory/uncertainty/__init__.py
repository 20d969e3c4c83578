"""Uncertainty of an inventory: IPCC Approach 1 (error propagation) and Approach 2 (Monte Carlo).

Both approaches take the engine's record-level emissions table (one row per activity record and
gas) and return tables by category and for the total.

Input columns
-------------
``record_id`` (str), ``category`` (str), ``gas`` (str), ``factor_id`` (str), ``co2e_t``
(float, t CO2e, negative for sinks) are required. Optional: ``quality_tier`` (str, e.g.
``"measured"``, ``"statistics"``, ``"estimated"``; selects the default activity uncertainty),
``factor_kind`` (str, e.g. ``"grid_electricity"``; selects the default factor uncertainty
instead of ``gas``; when absent, ``fuel`` ``"electricity"`` means ``"grid_electricity"`` and
``"heat"``/``"steam"`` mean ``"purchased_heat"``), ``activity_unc_pct`` and ``factor_unc_pct`` (half-width of the 95 %
confidence interval in % of the value; null means "use the default"), ``activity_dist`` and
``factor_dist`` (``"normal"``, ``"lognormal"``, ``"triangular"``, ``"uniform"``; null means
the default's distribution). Other columns (``activity_value``, ``factor_value``, ``gwp`` …) are
ignored: the uncertain quantities enter as multipliers of mean 1 on ``co2e_t``, so
``co2e_t = activity_value * factor_value * gwp`` need not be recomputed.

Correlation model
-----------------
Every activity record is an independent input. Every distinct ``factor_id`` is ONE input shared
by all records that use it: in Approach 2 it is sampled once per iteration and multiplies all of
those records (fully correlated); in Approach 1 (``correlated_factors=True``) records that share
a factor are summed before the factor's uncertainty is applied. GWPs are taken as exact.

Default uncertainties
---------------------
:data:`DEFAULT_UNCERTAINTY` is a data table (one row per default, each with its ``source`` and a
``confidence`` flag H/M/L as in the project's reference page). Users override it per record
with the ``*_unc_pct`` columns, or pass their own table with the same columns.

Sources
-------
IPCC (2006) *2006 IPCC Guidelines for National Greenhouse Gas Inventories*, Vol. 1, Ch. 3
"Uncertainties" (Eq. 3.1, 3.2, section 3.2.3 Approach 1, section 3.2.3.2 Approach 2) and Vol. 2,
Ch. 2 "Stationary Combustion" (Table 2.2, Table 2.15).

Modules
-------
:mod:`~.defaults` (default uncertainties, distributions), :mod:`~.inputs` (resolving and checking
every record's uncertainty), :mod:`~.propagation` (Approach 1), :mod:`~.montecarlo` and
:mod:`~.sampling` (Approach 2), :mod:`~.results` (result tables).
"""

from cityclimate.inventory.uncertainty.defaults import DEFAULT_UNCERTAINTY, DISTRIBUTIONS
from cityclimate.inventory.uncertainty.inputs import resolve_uncertainty
from cityclimate.inventory.uncertainty.montecarlo import monte_carlo
from cityclimate.inventory.uncertainty.propagation import error_propagation
from cityclimate.inventory.uncertainty.results import Approach1Result, MonteCarloResult

__all__ = [
    "DEFAULT_UNCERTAINTY",
    "DISTRIBUTIONS",
    "Approach1Result",
    "MonteCarloResult",
    "error_propagation",
    "monte_carlo",
    "resolve_uncertainty",
]
