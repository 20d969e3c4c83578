"""Public reporting (issue 19, R9 R12): documents as data, open-data layouts, the calendar.

Pure: a document is assembled here from results the services read (an inventory version's
report and quality result, an evaluation, an enterprise's report …) into :class:`Document`,
which the faces render (PDF through :mod:`cityclimate.io.pdf_documents`). The open-data
layouts (Open SDG CSV + YAML, SDMX-CSV) and the reporting calendar's rules live beside them.
"""

from cityclimate.reporting.model import Chart, Cover, Document, Paragraph, Section, Table

__all__ = ["Chart", "Cover", "Document", "Paragraph", "Section", "Table"]
