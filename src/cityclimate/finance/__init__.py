"""Climate investment and financing: the project library, estimates, stages, gaps, matching."""
