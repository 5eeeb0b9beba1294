# One rule per notebook run, executed with papermill on the dialogstats kernel
# (dialogstats.workflow.jobs.notebook_job). Declared inputs: the validated raw files, the notebook
# and every module of the package; declared outputs: the contract's tables, the figures folder
# (with its index fragment figures.csv) and the executed notebook. The notebooks over all the data take
# longest, so they start first (priority) and the dialogue notebooks fill the other cores, the largest
# first (contract.dialogue_priorities, below 1), so that no long one is left to run alone at the end.


def notebook_inputs(notebook):
    return {
        "validated": VALIDATED,
        "settings": RUN_SETTINGS,
        "notebook": notebook_file(notebook),
        "raw": RAW_FILES,
        "code": PACKAGE_SOURCES,
    }


rule dialogue:
    input:
        **notebook_inputs("dialogue"),
    output:
        *contract.table_outputs("dialogue", "{dialogue}"),
        figures=directory(contract.figure_dir("dialogue", "{dialogue}")),
        executed=contract.executed_notebook("dialogue", "{dialogue}"),
    wildcard_constraints:
        dialogue=contract.dialogue_pattern(AVAILABLE),
    priority: lambda wildcards: DIALOGUE_PRIORITY.get(wildcards.dialogue, 0.0)
    log:
        f"{contract.LOGS_REL}/notebooks/dialogue-{{dialogue}}.log",
    script:
        "../scripts/notebook.py"


rule cross_network:
    input:
        **notebook_inputs("cross_network"),
    output:
        *contract.table_outputs("cross_network"),
        figures=directory(contract.figure_dir("cross_network")),
        executed=contract.executed_notebook("cross_network"),
    priority: 3
    log:
        f"{contract.LOGS_REL}/notebooks/cross_network.log",
    script:
        "../scripts/notebook.py"


rule methods:
    input:
        **notebook_inputs("methods"),
    output:
        *contract.table_outputs("methods"),
        figures=directory(contract.figure_dir("methods")),
        executed=contract.executed_notebook("methods"),
    priority: 2
    log:
        f"{contract.LOGS_REL}/notebooks/methods.log",
    script:
        "../scripts/notebook.py"


rule audit:
    input:
        **notebook_inputs("audit"),
    output:
        *contract.table_outputs("audit"),
        figures=directory(contract.figure_dir("audit")),
        executed=contract.executed_notebook("audit"),
    priority: 3
    log:
        f"{contract.LOGS_REL}/notebooks/audit.log",
    script:
        "../scripts/notebook.py"
