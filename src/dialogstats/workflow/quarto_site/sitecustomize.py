# Loaded by the Python processes that `quarto render` starts (dialogstats.workflow.render puts this
# folder first on their PYTHONPATH): they skip the IRI grammar that jsonschema would build for nothing
# (dialogstats.workflow.imports says why), about 2.5 s of every document in every format.
# Quarto also starts interpreters without the project's packages (while writing the PDF): they
# inherit the PYTHONPATH, and for them there is nothing to skip.
try:
    from dialogstats.workflow.imports import skip_iri_grammar
except ImportError:
    pass
else:
    skip_iri_grammar()
