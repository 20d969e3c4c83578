"""Climate investment and financing in the platform (issue 14): library, gaps, investors.

The faces call these modules; the pure calculations are :mod:`cityclimate.finance`, the shared
claims register :mod:`cityclimate.services.claims`.
"""
