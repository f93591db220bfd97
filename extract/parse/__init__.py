"""The parser's stages, in order: ``read`` (bytes to lines), ``clean``
(furniture and markup removed), ``blocks`` (paragraphs, bullets, tables),
``segment`` (the report's sections), ``records`` (typed rows with their
source spans) and ``validate`` (the report's own arithmetic).
``extract.pipeline`` runs them."""
