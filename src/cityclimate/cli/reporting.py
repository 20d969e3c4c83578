"""``cityclimate report …``: documents as PDF (issue 19).

``--demo`` assembles the document from the illustrative Liangjiang demo without a database;
``--territory CODE`` reads the published results of the configured database through the
services. The PDF is rendered by :mod:`cityclimate.io.pdf_documents` (WeasyPrint, Noto CJK).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cityclimate.cli.output import console, fail, report_error
from cityclimate.errors import CityClimateError

report_app = typer.Typer(help="公开报告 · public reporting (PDF documents)", no_args_is_help=True)
pdf_app = typer.Typer(help="PDF 文件 · documents as PDF", no_args_is_help=True)
report_app.add_typer(pdf_app, name="pdf")


class Language(StrEnum):
    zh = "zh"
    en = "en"


OutOption = Annotated[Path, typer.Option("--out", help="输出文件 (.pdf) · output file")]
DemoOption = Annotated[
    bool, typer.Option("--demo", help="使用两江示例数据 · use the illustrative Liangjiang demo")
]
TerritoryOption = Annotated[
    str | None, typer.Option("--territory", help="地区代码（数据库中）· territory code (stored)")
]
YearOption = Annotated[int, typer.Option("--year", help="年份 · year")]
LangOption = Annotated[Language, typer.Option("--lang", help="语言 · language")]


@pdf_app.command("inventory")
def inventory(
    out: OutOption,
    year: YearOption,
    demo: DemoOption = False,
    territory: TerritoryOption = None,
    lang: LangOption = Language.zh,
) -> None:
    """温室气体清单报告 · The annual GHG inventory report (provincial guideline structure)."""
    from cityclimate.io.pdf_documents import document_pdf

    if demo == (territory is not None):
        fail("请给出 --territory 或 --demo（二者选一）", "give either --territory or --demo")
    if demo:
        from cityclimate.demo import reporting as demo_reporting

        try:
            document = demo_reporting.inventory(year)
        except ValueError as exc:
            fail(f"示例数据中没有 {year} 年的清单", str(exc))
    else:
        from cityclimate.cli.platform import _database
        from cityclimate.services import reporting
        from cityclimate.services.actors import SYSTEM
        from cityclimate.storage import transaction

        assert territory is not None
        _, engine, sessions = _database()
        try:
            with transaction(sessions) as session:
                document = reporting.inventory_document(session, SYSTEM, territory, year)
        except CityClimateError as exc:
            report_error(exc)
            raise typer.Exit(2) from exc
        finally:
            engine.dispose()
    out.write_bytes(document_pdf(document, lang.value))
    console.print(f"已写入 · written: {out}")
