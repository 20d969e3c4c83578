"""A product's carbon footprint label as SVG, PNG and PDF.

The label states the value per declared unit, the unit, the system boundary, the standard, the
verifier and a QR code (``segno``) leading to the public declaration page; an illustrative
product says so on the label. SVG is written directly (text stays text); PNG is drawn with
Pillow in the system's Noto CJK font (Debian ``fonts-noto-cjk``); PDF is the SVG laid out by
WeasyPrint, like the platform's other documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from io import BytesIO
from pathlib import Path

import segno

from cityclimate.text import Text, is_english

__all__ = ["LabelContent", "label_content", "label_pdf", "label_png", "label_svg"]

WIDTH, HEIGHT = 600, 300
_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)


@dataclass(frozen=True)
class LabelContent:
    """What a label shows, already in the reader's language (numbers formatted)."""

    title: str
    product: str
    value: str
    unit: str
    boundary: str
    standard: str
    verifier: str
    url: str
    illustrative: str = ""


def label_content(
    *,
    name: Text,
    co2e_kg: float,
    unit: Text,
    boundary: Text,
    standard: str,
    verifier: str,
    url: str,
    illustrative: bool,
    lang: str,
) -> LabelContent:
    """What the label says in ``lang`` (zh or en): the value per declared unit with two
    decimals, the verifier or "not verified", the illustrative mark for demo data."""
    english = is_english(lang)
    return LabelContent(
        title="Product carbon footprint" if english else "产品碳足迹",
        product=name.pick(lang),
        value=f"{co2e_kg:,.2f}",
        unit=f"kg CO2e/{unit.pick(lang)}",
        boundary=boundary.pick(lang),
        standard=standard,
        verifier=("Verified by: " if english else "核查：")
        + (verifier or ("not verified" if english else "未核查")),
        url=url,
        illustrative=("ILLUSTRATIVE DATA" if english else "示意数据") if illustrative else "",
    )


def _lines(label: LabelContent) -> list[tuple[str, int, bool]]:
    """(text, font size px, bold) from the top; the value line is large."""
    lines = [
        (label.title, 20, True),
        (label.product, 18, False),
        (f"{label.value} {label.unit}", 34, True),
        (label.boundary, 15, False),
        (label.standard, 15, False),
        (label.verifier, 15, False),
    ]
    if label.illustrative:
        lines.append((label.illustrative, 14, True))
    return lines


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def label_svg(label: LabelContent) -> str:
    """The label as an SVG document (text as text, the QR code as a path)."""
    qr = _qr(url=label.url)
    size = 200
    scale = size / qr.symbol_size(scale=1, border=2)[0]
    modules = "".join(
        f'<rect x="{x * scale:.2f}" y="{y * scale:.2f}" width="{scale:.2f}" height="{scale:.2f}"/>'
        for y, row in enumerate(qr.matrix_iter(scale=1, border=2))
        for x, dark in enumerate(row)
        if dark
    )
    text = []
    y = 40
    for line, px, bold in _lines(label):
        weight = ' font-weight="bold"' if bold else ""
        text.append(f'<text x="24" y="{y}" font-size="{px}"{weight}>{escape(line)}</text>')
        y += px + 14
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label.title)}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff" stroke="#2e7d32" stroke-width="4"/>'
        '<g font-family="Noto Sans CJK SC, sans-serif" fill="#1b1b1b">'
        + "".join(text)
        + f'</g><g transform="translate({WIDTH - size - 20},{(HEIGHT - size) // 2})" fill="#000">'
        + modules
        + f'</g><text x="{WIDTH - size // 2 - 20}" y="{HEIGHT - 12}" font-size="11" '
        f'text-anchor="middle" font-family="sans-serif">{escape(label.url)}</text></svg>'
    )


def _font(px: int, bold: bool):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    path = _FONTS[1 if bold else 0]
    if Path(path).exists():
        return ImageFont.truetype(path, px)
    return ImageFont.load_default(px)


def label_png(label: LabelContent, scale: int = 2) -> bytes:
    """The label as PNG (``scale`` × the SVG's pixel size), drawn with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle(
        (0, 0, WIDTH * scale - 1, HEIGHT * scale - 1), outline="#2e7d32", width=4 * scale
    )
    y = 40 - 20
    for line, px, bold in _lines(label):
        draw.text((24 * scale, y * scale), line, fill="#1b1b1b", font=_font(px * scale, bold))
        y += px + 14
    qr = _qr(label.url)
    size = 200 * scale
    matrix = list(qr.matrix_iter(scale=1, border=2))
    cell = size / len(matrix)
    left, top = (WIDTH - 200 - 20) * scale, (HEIGHT - 200) // 2 * scale
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                x0, y0 = left + c * cell, top + r * cell
                draw.rectangle((x0, y0, x0 + cell - 1, y0 + cell - 1), fill="black")
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def label_pdf(label: LabelContent) -> bytes:
    """The label as a one-page PDF (the SVG laid out by WeasyPrint)."""
    from weasyprint import HTML

    html = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "@page { size: 160mm 80mm; margin: 0 } body { margin: 0 } svg { width: 160mm; height: 80mm }"
        f"</style></head><body>{label_svg(label)}</body></html>"
    )
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)
