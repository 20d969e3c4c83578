"""Public reporting on the platform (issue 19): the documents assembled from stored results
(:mod:`.documents` the inventory report, :mod:`.others` the evaluation report, assessment
notices, enterprise reports and park self-assessments) the open-data portal
(:mod:`.portal`) and the reporting calendar (:mod:`.calendar`)."""

from cityclimate.services.reporting import calendar, portal
from cityclimate.services.reporting.documents import default_issuer, inventory_document
from cityclimate.services.reporting.others import (
    assessment_notice,
    enterprise_document,
    evaluation_document,
    park_document,
)

__all__ = [
    "assessment_notice",
    "calendar",
    "default_issuer",
    "enterprise_document",
    "evaluation_document",
    "inventory_document",
    "park_document",
    "portal",
]
