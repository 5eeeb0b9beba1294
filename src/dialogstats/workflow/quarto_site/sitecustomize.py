# Loaded by the Python processes that `quarto render` starts (dialogstats.workflow.render puts this
# folder first on their PYTHONPATH): they skip the IRI grammar that jsonschema would build for nothing
# (dialogstats.workflow.imports says why), about 2.5 s of every document in every format.
from dialogstats.workflow.imports import skip_iri_grammar

skip_iri_grammar()
