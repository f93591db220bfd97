"""The ``hmic-extract`` command line: ``main`` parses and dispatches, ``show``
prints readable views of one report."""

from extract.cli.main import create_parser, entry, main

__all__ = ["create_parser", "entry", "main"]
