"""What a person reads in a PDF: its text (pypdf), and a page drawn as pixels (pypdfium2)."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2
from pypdf import PdfReader


def pdf_text(body: bytes) -> list[str]:
    """The text of every page, in page order, with runs of white space made one space."""
    assert body[:5] == b"%PDF-", body[:40]
    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(body)).pages
    ]


def page_pixels(body: bytes, index: int, scale: float = 1.0) -> np.ndarray:
    """Page ``index`` drawn in grey levels (0 black … 255 white), ``scale`` × 72 dpi."""
    document = pypdfium2.PdfDocument(body)
    try:
        image = document[index].render(scale=scale, grayscale=True).to_pil().convert("L")
        return np.asarray(image, dtype=np.uint8).copy()
    finally:
        document.close()
