"""dialogstats: small-sample re-analysis of the consultation figures in the review of Värmlandsstrategin 2040."""

__version__ = "0.1.0"
