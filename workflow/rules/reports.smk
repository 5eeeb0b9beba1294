# The report writers' files: the figure pack (every figure per language with its caption and alt
# text) and the tables workbook per language. The figure pack is an output of the manifest; the
# workbooks read the manifest (package versions for their first sheet) and so come after it.


rule figure_pack:
    input:
        index=contract.FIGURE_INDEX_REL,
        figures=FIGURE_DIRS,
    output:
        directory(contract.FIGURE_PACK_REL),
    log:
        f"{contract.LOGS_REL}/figure_pack.log",
    script:
        "../scripts/figure_pack.py"


rule workbook:
    input:
        tables=[*contract.COLLECTED_TABLES, *WORKBOOK_TABLES],
        manifest=contract.MANIFEST_REL,
        settings=RUN_SETTINGS,
    output:
        "{workbook}",
    wildcard_constraints:
        workbook="|".join(re.escape(name) for name in contract.WORKBOOKS),
    log:
        f"{contract.LOGS_REL}/workbook-{{workbook}}.log",
    script:
        "../scripts/workbook.py"
