"""Demo data sets shipped with cityclimate. They are ILLUSTRATIVE and say so wherever shown."""
