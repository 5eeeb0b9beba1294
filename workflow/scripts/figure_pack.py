# Rule script: the work is done by dialogstats.workflow.jobs.figure_pack_job.
from dialogstats.workflow.jobs import figure_pack_job

figure_pack_job(snakemake)  # noqa: F821 (Snakemake provides the job's snakemake object)
