"""Documents to PDF: a :class:`~cityclimate.reporting.Document` through an HTML template and
WeasyPrint, in Chinese or English, with the Noto CJK fonts of the system (Debian
``fonts-noto-cjk``).

The page layout is CSS paged media: A4, page numbers ``n / N`` in the footer (not on the
cover), the illustrative banner in the header of every page of demo data, table headers that
repeat on every page a table runs over (``thead`` as a table-header group), charts as inline
SVG (vector, so they stay sharp and their labels stay text).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from cityclimate.reporting.model import Document
from cityclimate.text import Text, is_english

PDF = "application/pdf"

KINDS = {
    "inventory": Text("温室气体清单报告", "Greenhouse gas inventory report"),
    "evaluation": Text("规划实施年度评估报告", "Annual evaluation of the plan"),
    "assessment": Text("目标责任考核通知", "Target-responsibility assessment notice"),
    "enterprise": Text(
        "企业年度排放报告与信息披露", "Enterprise annual emission report and disclosure"
    ),
    "park": Text("园区自评估报告", "Park self-assessment report"),
    "footprint": Text("产品碳足迹研究报告", "Product carbon footprint study report"),
}


def _text(value: Any, lang: str) -> str:
    return value.pick(lang) if isinstance(value, Text) else str(value)


def _environment(lang: str) -> Environment:
    env = Environment(
        loader=PackageLoader("cityclimate.io", "document_templates"),
        autoescape=select_autoescape(["html"]),
    )
    env.filters["t"] = lambda value: _text(value, lang)
    return env


def document_html(document: Document, lang: str = "zh") -> str:
    """The document as one HTML page with its print stylesheet (what WeasyPrint lays out)."""
    english = is_english(lang)
    css = files("cityclimate.io").joinpath("document_templates/document.css").read_text("utf-8")
    issued = (
        document.issued_on.strftime("%d %B %Y")
        if english
        else f"{document.issued_on.year} 年 {document.issued_on.month} 月 {document.issued_on.day} 日"
    )
    return (
        _environment(lang)
        .get_template("document.html")
        .render(
            doc=document,
            lang="en" if english else "zh",
            html_lang="en" if english else "zh-CN",
            css=css,
            issued=issued,
            kind_label=KINDS.get(document.kind, Text("", "")),
        )
    )


@lru_cache(maxsize=8)
def document_pdf(document: Document, lang: str = "zh") -> bytes:
    """The document as PDF bytes (WeasyPrint, fonts from the system's fontconfig); the last
    few are kept (a document is an immutable value: equal documents give the same PDF)."""
    from weasyprint import HTML

    pdf = HTML(string=document_html(document, lang)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
