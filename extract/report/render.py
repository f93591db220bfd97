"""``hmic-extract report DIR -o summary.html``: the collection as one
self-contained HTML page (styles and script inline, nothing fetched), laid
out by Jinja2 templates from ``extract.report.model``."""

from __future__ import annotations

from pathlib import Path

from extract.analysis.dataset import Dataset, open_dataset
from extract.report.model import TABLES, Summary, build_summary

TEMPLATES = Path(__file__).resolve().parent / "templates"


def render_summary(summary: Summary) -> str:
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env.get_template("summary.html.j2").render(s=summary)


def summary_html(ds: Dataset) -> str:
    return render_summary(build_summary(ds))


def write_summary(folder: Path, target: Path, *, all_copies: bool = False) -> Summary:
    """Read ``folder``, write the page to ``target``; returns what it shows."""
    summary = build_summary(open_dataset(folder, duplicates=all_copies, tables=TABLES))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(render_summary(summary), encoding="utf-8")
    tmp.replace(target)
    return summary
