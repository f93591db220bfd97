"""Typed records built from segmented sections, one module per record family."""
