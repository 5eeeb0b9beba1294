# Rule script: the work is done by dialogstats.workflow.jobs.notebook_job.
from dialogstats.workflow.jobs import notebook_job

notebook_job(snakemake)  # noqa: F821 (Snakemake provides the job's snakemake object)
