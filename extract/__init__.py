"""hmic-extract: HMIC Baseline Assessment reports (PDF or text) into Parquet tables."""

__version__ = "0.1.0"
PARSER_VERSION = __version__
