# After the notebooks: the collected tables, the manifest, and the documents.


rule collect:
    input:
        shares=collected_inputs()["shares"],
        bounds=collected_inputs()["bounds"],
        figures=FIGURE_DIRS,
    output:
        *contract.COLLECTED_TABLES,
        contract.FIGURE_INDEX_REL,
    log:
        f"{contract.LOGS_REL}/collect.log",
    script:
        "../scripts/collect.py"


rule manifest:
    input:
        list(MADE_BY),
        settings=PROVENANCE,
    output:
        contract.MANIFEST_REL,
    log:
        f"{contract.LOGS_REL}/manifest.log",
    script:
        "../scripts/manifest.py"


rule paper:
    input:
        contract.MANIFEST_REL,
        PAPER_SOURCES,
    output:
        PAPER_OUTPUTS,
    log:
        f"{contract.LOGS_REL}/paper.log",
    script:
        "../scripts/paper.py"
