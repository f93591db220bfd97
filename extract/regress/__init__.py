"""Regression tools over written or in-memory outputs: ``diff`` two folders,
``compare`` a PDF with its known text, ``validate`` a folder."""
