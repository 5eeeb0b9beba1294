"""Analysis layer: the tables of the evaluation (shares, audit, bounds, comparisons, claims) from the raw data."""
