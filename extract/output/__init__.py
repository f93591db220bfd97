"""Everything on the output side: the table schemas, records to rows to
Arrow, the ``reports`` row, the Parquet dataset (write) and reading a
written folder back (read)."""
