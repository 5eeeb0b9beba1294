# Rule script: the work is done by dialogstats.workflow.jobs.collect_job.
from dialogstats.workflow.jobs import collect_job

collect_job(snakemake)  # noqa: F821 (Snakemake provides the job's snakemake object)
