"""``hmic-extract report DIR -o summary.html``: the collection as one
self-contained HTML page (styles and script inline, nothing fetched), laid
out by Jinja2 templates from ``extract.report.model``; each report's findings
and Good Practice boxes packed by ``extract.report.pack``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from extract.analysis.dataset import Dataset, open_dataset
from extract.report.model import TABLES, Band, Report, Summary, build_summary
from extract.report.pack import pack, report_payload

TEMPLATES = Path(__file__).resolve().parent / "templates"


def packed(report: Report) -> str:
    """A report's findings and boxes as the page carries them (see ``pack``)."""
    return pack(report_payload(report))


def bar(bands: list[Band]) -> Any:
    """The national distribution as a stacked bar, the force's grade marked;
    its label (and tooltip) reads the counts for those who cannot see it."""
    from markupsafe import Markup
    label = "; ".join(f"{b.grade} {b.forces}" for b in bands)
    spans = "".join(f'<span class="g{i}{" mine" if b.mine else ""}" style="width:{b.percent}%">'
                    f'</span>' for i, b in enumerate(bands, start=1))
    return Markup(f'<div class="bar" role="img" aria-label="{label}" title="{label}">{spans}</div>')


def render_summary(summary: Summary) -> str:
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["packed"] = packed
    env.filters["bar"] = bar
    return env.get_template("summary.html.j2").render(s=summary)


def summary_html(ds: Dataset) -> str:
    return render_summary(build_summary(ds))


def write_summary(folder: Path, target: Path | TextIO, *, all_copies: bool = False) -> Summary:
    """Read ``folder``, write the page to ``target`` (a file, written whole or
    not at all, or a stream); returns what it shows."""
    summary = build_summary(open_dataset(folder, duplicates=all_copies, tables=TABLES))
    page = render_summary(summary)
    if not isinstance(target, Path):
        target.write(page)
        return summary
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    return summary
