"""Each report's findings and Good Practice boxes, packed for the page.

Their text is most of a page's weight (three quarters for reports the size
of Kent's), so the page carries it per report as JSON, gzipped and base64
encoded, and its script unpacks it with the browser's own
``DecompressionStream('gzip')`` into the report's folded sections. Compressed
one report at a time, so the saving is what a real collection gets, not what
repeats between reports. The gzip header's time is fixed, so with the same
zlib the same report gives the same bytes.

``report_payload(report) -> dict`` → ``pack(payload) -> str``; ``unpack`` is
the inverse, for tests and for reading a page without a browser.
"""

from __future__ import annotations

import base64
import gzip
import json
import string
from typing import Any

from extract.report.model import CATEGORIES, Framework, Report

# zlib's fastest level: a fifth larger than its default (6) on a report the
# size of Kent's, at a fifth of the cost, which keeps a page of 100 reports
# built within a second.
LEVEL = 1
# A Good Practice box's fields as the page names them, in the order printed.
BOX_FIELDS = (("Problem", "problem"), ("Solution", "solution"), ("Outcome", "outcome"),
              ("Force contact", "contact"))

Payload = dict[str, Any]


def list_class(heading: str) -> str:
    """The class of a category's list: ``Areas for Improvement`` →
    ``areas-for-improvement``."""
    return heading.lower().replace(" ", "-")


def framework_payload(framework: Framework) -> Payload:
    """A framework's findings, one list per category (each ``[text, pages,
    sub]``, ``sub`` true for a sub-bullet), and its boxes."""
    return {
        "findings": [items for _, items in framework.findings],
        "boxes": [{"label": box["label"],
                   "heading": string.capwords(box["label"] or "")
                   + (f": {box['title']}" if box.get("title") else ""),
                   "fields": [[name, box[key]] for name, key in BOX_FIELDS if box.get(key)]}
                  for box in framework.boxes],
    }


def report_payload(report: Report) -> Payload:
    """What the page unpacks for one report: the category headings with
    their lists' classes, then each framework's content by code."""
    return {"headings": [[h, list_class(h)] for _, h in CATEGORIES],
            "frameworks": {f.code: framework_payload(f) for f in report.frameworks}}


def pack(payload: Payload) -> str:
    """Compact JSON, gzip with a fixed header time, base64."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(data, compresslevel=LEVEL, mtime=0)).decode("ascii")


def unpack(text: str) -> Payload:
    payload: Payload = json.loads(gzip.decompress(base64.b64decode(text)))
    return payload
