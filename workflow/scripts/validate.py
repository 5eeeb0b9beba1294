# Rule script: the work is done by dialogstats.workflow.jobs.validate_job.
from dialogstats.workflow.jobs import validate_job

validate_job(snakemake)  # noqa: F821 (Snakemake provides the job's snakemake object)
