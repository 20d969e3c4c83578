"""Product carbon footprints per GB/T 24067-2024 / ISO 14067 (issue 16): product systems as data
(:mod:`~cityclimate.footprints.model`) and their matrix calculation with scipy.sparse
(:mod:`~cityclimate.footprints.calculation`). Pure: no I/O, database or web."""
