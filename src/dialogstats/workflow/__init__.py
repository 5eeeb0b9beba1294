"""Workflow layer: the thin glue that runs the notebooks (parameters, pipeline, provenance)."""
