"""Command line: ``python -m dialogstats validate | run | status | dag | paper`` (also installed as ``dialogstats``).

``run`` runs the Snakemake workflow (``workflow/Snakefile``) through
:mod:`dialogstats.workflow.pipeline`. Errors are printed as one short paragraph without a
traceback, and the exit status is non-zero: 1 for invalid data or a failed notebook, 2 for
invalid arguments, 128 + the signal's number for an interrupted run.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from dialogstats import paths
from dialogstats.checks import LANGUAGES, check_confidence
from dialogstats.errors import DialogstatsError, ParameterError, RawDataError, UnknownNameError

EXIT_FAILED = 1
EXIT_USAGE = 2
#: The one-share interval methods offered by ``--ci-method``, named here so that the command line
#: starts without loading scipy; a test keeps the list equal to
#: :data:`dialogstats.stats.intervals.METHODS`, and the run checks the value against it.
#: Outputs ``--target`` can ask for alone (``make figures`` asks for the figure pack).
TARGETS: tuple[str, ...] = ("figure-pack", "tables.xlsx", "tabeller.xlsx", "manifest.json")
CI_METHODS: tuple[str, ...] = ("wilson", "blaker", "jeffreys", "clopper_pearson", "agresti_coull", "mid_p", "wald")


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def dialogue_table(raw_dir: Path) -> list[tuple[str, int, int]]:
    """(dialogue id, questions, printed options) for every dialogue of a valid raw-data folder.

    The tables are read by the one loader (:func:`dialogstats.data.rawdata.load_raw`), which raises
    RawDataError for an invalid folder.
    """
    from dialogstats.data.rawdata import load_raw

    raw = load_raw(raw_dir, source_text=None)
    dialogue_of = dict(zip(raw.questions["question_id"], raw.questions["dialogue_id"]))
    per_question = Counter(raw.questions["dialogue_id"])
    per_response = Counter(dialogue_of.get(q, "") for q in raw.responses["question_id"])
    return [(d, per_question[d], per_response[d]) for d in raw.dialogues["dialogue_id"]]


def command_validate(args: argparse.Namespace) -> int:
    """Check the raw data; list every issue on stderr (exit 1) or summarise the valid data (exit 0)."""
    from dialogstats.data.rawdata import validate_raw

    raw_dir = Path(args.raw)
    if not raw_dir.is_dir():
        raise ParameterError(f"raw-data folder {raw_dir} does not exist")
    issues = validate_raw(raw_dir)
    if issues:
        for issue in issues:
            print(issue, file=sys.stderr)
        print(f"{len(issues)} problem(s) in {_shown(raw_dir)}; see docs/codebook.md for the rules.", file=sys.stderr)
        return EXIT_FAILED
    rows = dialogue_table(raw_dir)
    print(
        f"{_shown(raw_dir)} is valid: {len(rows)} dialogues, {sum(r[1] for r in rows)} questions, "
        f"{sum(r[2] for r in rows)} printed options."
    )
    width = max([len("dialogue")] + [len(r[0]) for r in rows])
    print(f"{'dialogue':<{width}}  questions  options")
    for dialogue_id, n_questions, n_options in rows:
        print(f"{dialogue_id:<{width}}  {n_questions:>9}  {n_options:>7}")
    source = paths.source_text_path()
    if not source.is_file():
        print(f"note: locators were not checked: the report's text was not found at {source} "
              "(set DIALOGSTATS_SOURCE to its path)")
    return 0


def command_run(args: argparse.Namespace) -> int:
    """Run the workflow and print what was made, what was skipped, and where everything is."""
    from dialogstats.workflow.pipeline import RunFailed, run_pipeline

    try:
        summary = run_pipeline(
            raw_dir=Path(args.raw),
            processed_dir=Path(args.processed),
            jobs=args.jobs,
            confidence=args.confidence,
            ci_method=args.ci_method,
            lang=args.lang,
            dialogues=args.dialogue,
            render_paper=not args.no_paper,
            progress=not args.quiet,
            force=args.force,
            notebooks_dir=Path(args.notebooks),
            targets=args.target or (),
        )
    except RunFailed as exc:
        hint = "\nFix the raw data (see docs/codebook.md) and run again." if exc.invalid_data else ""
        print(f"error: {exc}{hint}", file=sys.stderr)
        return EXIT_FAILED
    print(format_summary(summary))
    return 0


def command_status(args: argparse.Namespace) -> int:
    """Say which outputs are out of date and why (from ``snakemake --detailed-summary``)."""
    from dialogstats.workflow.status import status_report

    print(status_report(Path(args.processed), raw_dir=Path(args.raw)))
    return 0


def command_dag(args: argparse.Namespace) -> int:
    """Write the workflow's rule graph as DOT, and as SVG and PNG when graphviz is installed."""
    from dialogstats.workflow.status import write_rulegraph

    for line in write_rulegraph(Path(args.processed), raw_dir=Path(args.raw)):
        print(line)
    return 0


def format_summary(summary: object) -> str:
    """The end-of-run report: tables with row counts, figures, notebooks, manifest, paper, skipped tasks."""
    s = summary  # a dialogstats.workflow.pipeline.RunSummary
    lines = [f"Outputs in {_shown(s.processed_dir)}:"]
    for table, rows in s.tables.items():
        lines.append(f"  {table:<28} {rows:>6} rows")
    lines.append(f"  figures: {s.figures} per format (each figure once per language), as PNG, SVG and PDF, "
                 f"in {_shown(s.processed_dir / 'figures')}")
    lines.append(f"  executed notebooks: {_shown(s.executed_dir)}")
    lines.append(f"  manifest: {_shown(s.manifest)}")
    if s.workbooks:
        lines.append(f"  tables workbooks: {', '.join(_shown(p) for p in s.workbooks)}")
    if s.figure_pack is not None:
        lines.append(f"  figure pack (every figure per language with its texts): {_shown(s.figure_pack)}")
    lines.append(f"  {s.paper}")
    if s.made:
        lines.append(f"Ran {len(s.made)} notebook task(s): {', '.join(s.made)}.")
    if s.skipped:
        lines.append(f"Skipped as up to date: {', '.join(s.skipped)}.")
    if not s.made and s.paper_made:
        lines.append("No notebook needed to run; the documents were rendered again.")
    elif not s.made:
        lines.append("Nothing to do: every output is up to date (use --force to run everything again).")
    if s.validation_skipped:
        lines.append("Raw data unchanged since its last successful validation.")
    lines.append(f"Logs: {_shown(s.processed_dir / 'logs')}; what is out of date: make status.")
    if s.excluded_dialogues:
        lines.append(
            "Not in the collected tables (not up to date with these parameters; run without --dialogue): "
            + ", ".join(s.excluded_dialogues) + "."
        )
    return "\n".join(lines)


def command_paper(args: argparse.Namespace) -> int:
    """Render the paper; exit 1 when quarto is missing, since rendering is all that was asked."""
    from dialogstats.workflow.render import render_documents

    result = render_documents(paths.PROCESSED)
    print(result.status, file=sys.stdout if result.rendered else sys.stderr)
    return 0 if result.rendered else EXIT_FAILED


def _confidence(text: str) -> float:
    try:
        return check_confidence(float(text))
    except (ValueError, ParameterError):
        raise argparse.ArgumentTypeError(f"confidence must be a number strictly between 0 and 1 (e.g. 0.95), got {text!r}") from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"jobs must be a positive whole number, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the three commands."""
    parser = argparse.ArgumentParser(
        prog="dialogstats",
        description="Small-sample re-analysis of the consultation figures in the review of Värmlandsstrategin 2040.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{validate,run,status,dag,paper}")

    validate = commands.add_parser("validate", help="check the raw data against the codebook")
    validate.add_argument("--raw", default=str(paths.RAW), help="raw-data folder (default: data/raw)")
    validate.set_defaults(handler=command_validate)

    run = commands.add_parser("run", help="run the workflow: validate, notebooks, collected tables, manifest, paper")
    run.add_argument("--raw", default=str(paths.RAW), help="raw-data folder (default: data/raw)")
    run.add_argument("--processed", default=str(paths.PROCESSED), help="output folder (default: data/processed)")
    run.add_argument("--jobs", type=_jobs, default=None, help="notebooks run at once (default: number of CPUs)")
    run.add_argument("--ci-method", default="wilson", metavar="METHOD",
                     help=f"interval method for one proportion: {', '.join(CI_METHODS)} (default: wilson)")
    run.add_argument("--confidence", type=_confidence, default=0.95, help="confidence level, strictly between 0 and 1 (default: 0.95)")
    run.add_argument("--lang", default="en", help=f"language of the summaries printed in the executed notebooks: {', '.join(LANGUAGES)} "
                     "(default: en; figures are always written in every language)")
    run.add_argument("--dialogue", nargs="+", metavar="ID", help="run only these dialogues (default: all with figures)")
    run.add_argument("--no-paper", action="store_true", help="do not render the paper")
    run.add_argument("--target", nargs="+", metavar="OUTPUT", choices=TARGETS,
                     help=f"make only these outputs and what they need: {', '.join(TARGETS)} (default: everything)")
    run.add_argument("--force", action="store_true", help="run every rule again, up to date or not")
    run.add_argument("--quiet", action="store_true", help="no progress messages from Snakemake")
    run.add_argument("--notebooks", default=str(paths.NOTEBOOKS), help="folder of the four notebooks (default: notebooks)")
    run.set_defaults(handler=command_run)

    for name, handler, text in (("status", command_status, "say which outputs are out of date and why"),
                                ("dag", command_dag, "draw the workflow's rule graph into <processed>/workflow/")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--raw", default=str(paths.RAW), help="raw-data folder (default: data/raw)")
        sub.add_argument("--processed", default=str(paths.PROCESSED), help="output folder (default: data/processed)")
        sub.set_defaults(handler=handler)

    paper = commands.add_parser("paper", help="render the paper with quarto")
    paper.set_defaults(handler=command_paper)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (UnknownNameError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RawDataError as exc:
        print(f"error: {exc}\nFix the raw data (see docs/codebook.md) and run again.", file=sys.stderr)
        return EXIT_FAILED
    except DialogstatsError as exc:
        signum = getattr(exc, "signum", None)  # a run stopped by a signal
        print(f"error: {exc}", file=sys.stderr)
        return 128 + signum if signum else EXIT_FAILED
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
