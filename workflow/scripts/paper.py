# Rule script: the work is done by dialogstats.workflow.jobs.paper_job.
from dialogstats.workflow.jobs import paper_job

paper_job(snakemake)  # noqa: F821 (Snakemake provides the job's snakemake object)
