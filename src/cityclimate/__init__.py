"""cityclimate: run a city's or district's climate plan.

The core packages (:mod:`cityclimate.units`, :mod:`cityclimate.refdata`,
:mod:`cityclimate.inventory`) are pure: they take data in and give data out, with no
database, server, file writes or printing, so they can be used from a notebook.
"""

__version__ = "0.1.0"
