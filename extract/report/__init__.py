"""The HTML summary of a collection (``hmic-extract report``)."""
