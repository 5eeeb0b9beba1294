"""Statistics layer: intervals, coverage, tests and bounds for small samples, independent of the report."""
