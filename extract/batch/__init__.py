"""Batch conversion: many inputs, worker processes, a resumable dataset.

    plan (hash inputs, skip what is done) -> pool (convert, isolated)
    -> dataset (commit parts in input order) -> compact

``run.convert_batch`` ties the stages together; the CLI's ``convert`` calls it.
"""
