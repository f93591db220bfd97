"""The ``hmic-extract`` command: ``create_parser()`` and ``main(argv) -> int``.

Errors reach the user as one line naming the file and the reason, never as a
traceback. Exit codes: 0 all inputs converted, 1 some input failed (or, for
diff/validate, a difference or an error was found), 2 usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from extract import __version__
from extract.errors import ExtractError, OutputError, UnreadableInputError
from extract.inputs import expand_inputs
from extract.pipeline import STAGE_NAMES, convert_path, failed_rows, parse_source
from extract.read import ENGINES, read_source
from extract.show import dump_stage, show_report
from extract.write import write_tables

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
    convert.add_argument("--out", required=True, type=Path, metavar="DIR")
    convert.add_argument("--quiet", action="store_true", help="no progress lines")
    engine_arg(convert)

    show = sub.add_parser("show", help="print a readable summary of one report")
    show.add_argument("file", type=Path)
    engine_arg(show)

    dump = sub.add_parser("dump", help="print one stage's output for one report")
    dump.add_argument("--stage", choices=STAGE_NAMES, required=True)
    dump.add_argument("file", type=Path)
    engine_arg(dump)
    return parser


def _fail(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def cmd_convert(args: argparse.Namespace) -> int:
    files, problems = expand_inputs(args.inputs)
    for problem in problems:
        _fail(problem)
    if not files:
        _fail("no input files found")
        return 2
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    failed = 0
    for n, path in enumerate(files, start=1):
        try:
            rows = convert_path(path, engine=args.engine, password=args.password)
            status = rows["reports"][0]["status"]
        except ExtractError as exc:
            sha = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "0" * 64
            rows = failed_rows(path, sha, args.engine, exc)
            status = "failed"
            failed += 1
            _fail(f"{path}: {exc.reason} ({exc.code})")
        except OSError as exc:
            sha = "0" * 64
            rows = failed_rows(path, sha, args.engine, UnreadableInputError(
                f"cannot read: {exc.strerror or exc}", path=str(path)))
            status = "failed"
            failed += 1
            _fail(f"{path}: cannot read: {exc.strerror or exc}")
        for table, table_rows in rows.items():
            tables[table].extend(table_rows)
        if not args.quiet:
            print(f"[{n}/{len(files)}] {status:8} {path}", file=sys.stderr)
    try:
        write_tables(tables, args.out)
    except OutputError as exc:
        _fail(f"{exc.path}: {exc.reason}")
        return 1
    _print_summary(tables, args.out)
    return 1 if failed or problems else 0


def _print_summary(tables: dict[str, list[dict[str, Any]]], out: Path) -> None:
    reports = tables.get("reports", [])
    by_status: dict[str, int] = defaultdict(int)
    for r in reports:
        by_status[r["status"]] += 1
    print(f"converted {len(reports)} input(s) into {out}: "
          + ", ".join(f"{by_status[s]} {s}" for s in ("ok", "warning", "failed")))
    for r in reports:
        if r["status"] == "failed":
            print(f"  failed   {r['source_path']}: {r['error']}: {r['message']}")
        else:
            print(f"  {r['status']:8} {r['source_path']}: {r['force']}, {r['published']}, "
                  f"placed {r['placed_share']:.2%} of text")
    for name in ("frameworks", "findings", "good_practice", "glossary", "residue"):
        print(f"  {name:14} {len(tables.get(name, [])):6} rows")


def _parse_one(args: argparse.Namespace, until: str = "validate") -> Any:
    source = read_source(args.file, engine=args.engine, password=args.password)
    return parse_source(source, until=until)


def main(argv: list[str] | None = None) -> int:
    parser = create_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        if args.command == "convert":
            return cmd_convert(args)
        if args.command == "show":
            show_report(_parse_one(args), sys.stdout)
            return 0
        if args.command == "dump":
            dump_stage(_parse_one(args, args.stage), args.stage, sys.stdout)
            return 0
    except ExtractError as exc:
        _fail(str(exc))
        return 1
    except OSError as exc:
        _fail(f"{getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}")
        return 1
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    return 2


def entry() -> None:
    sys.exit(main())
