"""Product carbon footprints (issue 16): datasets, products and their systems, computed results,
supplier requests and the PACT v3 exchange. Pages, API and CLI call these; the core
(:mod:`cityclimate.footprints`) does the arithmetic and the PACT checks."""
