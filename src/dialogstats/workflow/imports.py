"""An import the workflow's processes skip: the IRI grammar that jsonschema would build and never use.

jsonschema, which papermill reaches through nbformat and Snakemake through ``snakemake.utils.validate``,
imports ``rfc3987_syntax`` when it is installed (JupyterLab's dependencies install it) only to check
the ``iri`` and ``iri-reference`` formats; neither the notebooks' schema nor the workflow's configuration
schema uses them. Importing it builds a parser grammar and costs about 2.5 s of every notebook job
and of every Snakemake start. Marked as absent, it makes jsonschema skip those two format checks.
"""

from __future__ import annotations

import sys


def skip_iri_grammar() -> None:
    """Mark ``rfc3987_syntax`` as not importable in this process (before jsonschema is first imported)."""
    sys.modules.setdefault("rfc3987_syntax", None)
