"""Carbon inclusion in the platform (issue 15): residents and their consents, signed batches,
crediting runs, the hash-chained ledger, points, conversions through the claims register and
the reports. The pure calculations are :mod:`cityclimate.inclusion`.
"""
