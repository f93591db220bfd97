"""``hmic-extract report DIR -o summary.html``: the collection as one
self-contained HTML page (styles and script inline, nothing fetched), laid
out by Jinja2 templates from ``extract.report.model``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extract.analysis.dataset import Dataset, open_dataset
from extract.report.model import TABLES, Band, Finding, Summary, build_summary

TEMPLATES = Path(__file__).resolve().parent / "templates"


def finding_items(items: list[Finding]) -> Any:
    """A list's ``<li>`` items. The page holds tens of thousands of them for
    a large collection; joined here they cost a fifth of a template loop."""
    from markupsafe import Markup, escape
    return Markup("".join(
        f'<li{" class=sub" if item.sub else ""}>{escape(item.text)}'
        + (f' <span class="pg">({escape(item.pages)})</span>' if item.pages else "")
        + "</li>\n" for item in items))


def bar(bands: list[Band]) -> Any:
    """The national distribution as a stacked bar, the force's grade marked;
    its label reads the counts for those who cannot see it."""
    from markupsafe import Markup
    label = "; ".join(f"{b.grade} {b.forces}" for b in bands)
    spans = "".join(
        f'<span class="g{i}{" mine" if b.mine else ""}" style="width:{b.percent}%" '
        f'title="{b.grade}: {b.forces} forces"></span>' for i, b in enumerate(bands, start=1))
    return Markup(f'<div class="bar" role="img" aria-label="{label}">{spans}</div>')


def render_summary(summary: Summary) -> str:
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["finding_items"] = finding_items
    env.filters["bar"] = bar
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
