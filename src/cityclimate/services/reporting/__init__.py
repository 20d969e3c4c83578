"""Public reporting on the platform (issue 19): the documents assembled from stored results
(:mod:`.documents`)."""

from cityclimate.services.reporting.documents import default_issuer, inventory_document

__all__ = ["default_issuer", "inventory_document"]
