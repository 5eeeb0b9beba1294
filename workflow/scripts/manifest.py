# Rule script: the work is done by dialogstats.workflow.jobs.manifest_job.
from dialogstats.workflow.jobs import manifest_job

manifest_job(snakemake)  # noqa: F821 (Snakemake provides the job's snakemake object)
