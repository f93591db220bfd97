"""The Python API for analysis: open a dataset (or convert one file in
memory) and get each table, and the views, as DataFrames with analysis
dtypes; export to DuckDB, CSV or Excel."""

from extract.analysis.dataset import Dataset, convert, from_rows, open_dataset
from extract.analysis.views import findings_detail, framework_vs_nation, grades_by_year

__all__ = ["Dataset", "convert", "findings_detail", "framework_vs_nation", "from_rows",
           "grades_by_year", "open_dataset"]
