"""The ``hmic-extract`` command: ``create_parser()`` and ``main(argv) -> int``.

Errors reach the user as one line naming the file and the reason, never as a
traceback. Exit codes: 0 all inputs converted, 1 some input failed (for
diff/compare/validate: a difference or an invalid report), 2 usage error or
input that cannot be read (a damaged output folder, an unreadable report for
show and dump), or an output folder another run holds (``--no-wait``); 130,
143 and 129 when stopped by SIGINT, SIGTERM or SIGHUP; 141 when the reader of
the output went away (``| head``), as for any Unix tool.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from extract import __version__
from extract.batch.inputs import expand_inputs
from extract.batch.options import check_jobs, check_memory_mb, check_timeout
from extract.errors import (
    DamagedOutputError,
    ExtractError,
    MissingInputError,
    OutputBusyError,
    OutputError,
    UsageError,
)
from extract.parse.read import ENGINES
from extract.regress.commands import cmd_compare, cmd_diff, cmd_validate
from extract.streams import EXIT_BROKEN_PIPE, reader_gone, say, silence

if TYPE_CHECKING:
    from extract.batch.stop import Stop

PROG = "hmic-extract"


def create_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Turn HMIC Baseline Assessment reports (PDF or text) "
                               "into Parquet tables.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def engine_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--engine", choices=ENGINES, default="pdfium",
                       help="PDF reader: pdfium (fast, default) or pdfplumber (layout)")
        p.add_argument("--password", help="password for user-password PDFs")

    convert = sub.add_parser("convert", help="convert reports to Parquet tables")
    convert.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="report files, or folders searched for .pdf and .txt")
    convert.add_argument("--out", required=True, type=_folder, metavar="DIR",
                         help="output folder: one Parquet dataset per table, DIR/<table>/")
    convert.add_argument("--jobs", type=_checked(check_jobs, int, "N"),
                         default=os.cpu_count() or 1,
                         metavar="N", help="worker processes (default: the number of cores)")
    convert.add_argument("--timeout", type=_checked(check_timeout, float, "SECONDS"),
                         default=120.0, metavar="SECONDS",
                         help="time limit per document (default 120)")
    convert.add_argument("--memory-limit", type=_checked(check_memory_mb, int, "MB"),
                         default=2048, metavar="MB",
                         help="address-space cap per worker (default 2048)")
    convert.add_argument("--force", action="store_true",
                         help="convert again inputs already converted by this version")
    convert.add_argument("--no-timings", action="store_true",
                         help="leave reports.seconds empty, so the same inputs give "
                              "byte-identical files (also when SOURCE_DATE_EPOCH is set)")
    convert.add_argument("--quiet", action="store_true", help="no progress output")
    convert.add_argument("--no-wait", action="store_true",
                         help="fail at once (exit 2) when another run is writing to DIR, "
                              "instead of waiting for it")
    engine_arg(convert)

    show = sub.add_parser("show", help="print a readable summary of one report")
    show.add_argument("file", type=Path)
    engine_arg(show)

    dump = sub.add_parser("dump", help="print one stage's output for one report")
    dump.add_argument("--stage", required=True, metavar="STAGE",
                      help="read, clean, blocks, segment, records or validate")
    dump.add_argument("file", type=Path)
    engine_arg(dump)

    diff = sub.add_parser("diff", help="compare two output folders table by table")
    diff.add_argument("old", type=Path, metavar="OLD")
    diff.add_argument("new", type=Path, metavar="NEW")
    diff.add_argument("--table", metavar="T", help="compare only this table")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.add_argument("--ignore-provenance", action="store_true",
                      help="leave out pages and line numbers")

    compare = sub.add_parser("compare", help="convert a PDF and its known text, print the diff")
    compare.add_argument("pdf", type=Path, metavar="REPORT.pdf")
    compare.add_argument("text", type=Path, metavar="REPORT.txt")
    compare.add_argument("--format", choices=("text", "json"), default="text")
    engine_arg(compare)

    validate = sub.add_parser("validate", help="re-check an output folder: each report's "
                                               "arithmetic, and grades across reports")
    validate.add_argument("folder", type=Path, metavar="DIR")

    export = sub.add_parser("export", help="write an output folder to a DuckDB database, "
                                           "CSV files or an Excel workbook")
    export.add_argument("folder", type=Path, metavar="DIR", help="output folder of convert")
    export.add_argument("--to", required=True, type=Path, metavar="TARGET",
                        help="hmic.duckdb, hmic.xlsx, or a folder with --format csv")
    export.add_argument("--format", choices=("duckdb", "csv", "xlsx"),
                        help="default: from the target's suffix")
    export.add_argument("--all-copies", action="store_true",
                        help="keep every copy of a report (default: primary copies only)")

    report = sub.add_parser("report", help="write an HTML summary of an output folder")
    report.add_argument("folder", type=Path, metavar="DIR", help="output folder of convert")
    report.add_argument("-o", "--output", default="summary.html",
                        metavar="FILE",
                        help="the page to write (default summary.html; - for standard output)")
    report.add_argument("--all-copies", action="store_true",
                        help="list every copy of a report (default: primary copies only)")
    return parser


def _fail(message: str) -> bool:
    """One line on standard error; False when its reader has gone away."""
    return say(f"{PROG}: {message}", sys.stderr)


def _folder(text: str) -> Path:
    """An argparse type: an output folder's name, never empty (which would
    otherwise be the current folder, written into unasked)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a folder, not be empty")
    return Path(text)


def _checked(check: Callable[[Any], Any], parse: Callable[[str], Any],
             name: str) -> Callable[[str], Any]:
    """An argparse type: ``parse`` the text, then ``check`` the value."""
    def convert(text: str) -> Any:
        try:
            return check(parse(text))
        except UsageError as exc:
            raise argparse.ArgumentTypeError(exc.reason) from None
    convert.__name__ = name   # argparse names it in "invalid N value"
    return convert


def cmd_convert(args: argparse.Namespace) -> int:
    from extract.batch.stop import Stop
    with Stop() as stop, stop.on_signals():
        return _convert(args, stop)


def _convert(args: argparse.Namespace, stop: Stop) -> int:
    from extract.batch import server
    server.start()   # the workers' parser loads while this process sets up
    from extract.batch.progress import make_progress
    from extract.batch.run import Options, convert_batch
    from extract.batch.summary import print_summary
    inputs = expand_inputs(args.inputs)
    if all(isinstance(i.problem, MissingInputError) for i in inputs):
        for i in inputs:   # nothing there at all: most likely a mistyped path
            _fail(str(i.problem))
        _fail("no input files found")
        return 2
    # The nearest part of --out that exists must be a folder: the tables go below it.
    there = next((p for p in (args.out, *args.out.parents) if p.exists()), None)
    if there is not None and not there.is_dir():
        _fail(f"{there}: is a file, not a folder: --out names the folder the tables go into")
        return 2
    options = Options(engine=args.engine, password=args.password, jobs=args.jobs,
                      timeout=args.timeout, memory_mb=args.memory_limit, force=args.force,
                      timings=not (args.no_timings or "SOURCE_DATE_EPOCH" in os.environ),
                      wait=not args.no_wait)

    def lost() -> None:
        stop.request(signal.SIGPIPE)

    def warn(message: str) -> None:
        if not _fail(message):
            lost()

    try:
        result = convert_batch(inputs, args.out, options, make_progress(args.quiet, lost),
                               stop, warn)
    except (OutputBusyError, DamagedOutputError) as exc:
        _fail(str(exc))
        return 2
    except OutputError as exc:
        _fail(f"{exc.path}: {exc.reason}")
        return 1
    if result.stopped == signal.SIGPIPE:
        return EXIT_BROKEN_PIPE
    if result.stopped is not None:
        _fail(f"stopped by {signal.Signals(result.stopped).name}: {result.committed} input(s) "
              f"committed to {args.out}; run the same command again to convert the rest")
        return 128 + result.stopped
    for r in result.results:
        if r.status == "failed" and not _fail(f"{r.path}: {r.message} ({r.error})"):
            return EXIT_BROKEN_PIPE
    for message in result.write_errors:
        _fail(message)
    print_summary(result, sys.stdout)
    return 1 if result.failed else 0


def _parse_one(args: argparse.Namespace, until: str = "validate") -> Any:
    from extract.errors import ReportFormatError
    from extract.parse.read import read_source
    from extract.pipeline import looks_like_baseline, parse_source
    source = read_source(args.file, engine=args.engine, password=args.password)
    parsed = parse_source(source, until=until)
    recs = parsed.records
    if recs is not None and not recs.frameworks and not looks_like_baseline(parsed):
        # As convert says: what is not a baseline report is not shown as one.
        raise ReportFormatError("no framework headings with grade tables found: not an HMIC "
                                "baseline assessment report", path=str(args.file))
    return parsed


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, ending a command the way Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextmanager
def _interruptible() -> Iterator[None]:
    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is not signal.SIG_IGN:
            previous[sig] = signal.signal(sig, _raise_interrupted)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    parser = create_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        with _interruptible():
            return _dispatch(args)
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        _fail(f"stopped by {signal.Signals(signum).name}")
        return 128 + signum
    except ExtractError as exc:   # a report that cannot be read
        _fail(str(exc))
        return 2
    except OSError as exc:
        if reader_gone(exc):   # the reader went away (``| head``): stop quietly
            silence(sys.stdout)
            return EXIT_BROKEN_PIPE
        _fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
        return 2
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("HMIC_EXTRACT_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}: {exc}); set HMIC_EXTRACT_DEBUG=1 "
              f"to see where, and please report it")
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "convert":
        return cmd_convert(args)
    if args.command == "diff":
        return cmd_diff(args.old, args.new, args.table, args.format, args.ignore_provenance)
    if args.command == "compare":
        return cmd_compare(args.pdf, args.text, args.engine, args.password, args.format)
    if args.command == "validate":
        return cmd_validate(args.folder)
    if args.command == "export":
        from extract.cli.analysis import cmd_export
        return cmd_export(args.folder, args.to, args.format, args.all_copies)
    if args.command == "report":
        from extract.cli.analysis import cmd_report
        return cmd_report(args.folder, args.output, args.all_copies)
    if args.command == "show":
        from extract.cli.show import show_report
        show_report(_parse_one(args), sys.stdout)
        return 0
    if args.command == "dump":
        from extract.cli.show import dump_stage
        from extract.pipeline import STAGE_NAMES
        if args.stage not in STAGE_NAMES:
            _fail(f"unknown stage {args.stage!r}; choose from {', '.join(STAGE_NAMES)}")
            return 2
        dump_stage(_parse_one(args, args.stage), args.stage, sys.stdout)
        return 0
    return 2


def entry() -> None:
    code = main()
    try:
        sys.stdout.flush()
    except OSError as exc:
        if not reader_gone(exc):
            raise
        code = EXIT_BROKEN_PIPE
    if code == EXIT_BROKEN_PIPE:   # nothing left for the final flush to fail on
        silence(sys.stdout)
    if sys.argv[1:2] == ["convert"]:
        # Every file a batch writes is closed and its workers are gone by
        # now; tearing the interpreter down (pyarrow, numpy) would only add
        # a few tens of milliseconds to every run, as it would to a worker.
        from extract.batch.server import run_exit_finalizers
        try:
            run_exit_finalizers()
            sys.stderr.flush()
        finally:
            os._exit(code)
    sys.exit(code)
