# The raw data are checked first: every notebook waits for this rule, so bad input is refused
# (with file, row and column) before any notebook runs.


rule validate:
    input:
        raw=RAW_FILES,
        source=SOURCE_TEXT,
        code=PACKAGE_SOURCES,
        settings=RAW_SETTINGS,
    output:
        VALIDATED,
    log:
        f"{contract.LOGS_REL}/validate.log",
    script:
        "../scripts/validate.py"
