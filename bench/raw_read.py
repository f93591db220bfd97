"""The baseline of bench_process.py: a plain pypdfium2 script that opens each
PDF in a folder and reads every page's text, as a process of its own."""

import sys
from pathlib import Path

import pypdfium2 as pdfium

for path in sorted(Path(sys.argv[1]).iterdir()):
    pdf = pdfium.PdfDocument(str(path))
    for i in range(len(pdf)):
        pdf[i].get_textpage().get_text_range()
    pdf.close()
