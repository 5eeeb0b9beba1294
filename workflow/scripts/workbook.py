# Rule script: the work is done by dialogstats.workflow.jobs.workbook_job.
from dialogstats.workflow.jobs import workbook_job

workbook_job(snakemake)  # noqa: F821 (Snakemake provides the job's snakemake object)
