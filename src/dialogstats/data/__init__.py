"""Data layer: the raw tables, their codebook (schema) and their validation."""
