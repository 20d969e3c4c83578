"""``cityclimate report pdf KIND …``: documents as PDF (issue 19).

``--demo`` assembles the document from the illustrative Liangjiang demo without a database
(inventory, evaluation, assessment, park); otherwise the document is read from the configured
database through the services (``--territory``, ``--enterprise``, ``--park``). The PDF is
rendered by :mod:`cityclimate.io.pdf_documents` (WeasyPrint, Noto CJK).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cityclimate.cli.output import console, fail, report_error
from cityclimate.errors import CityClimateError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cityclimate.reporting import Document

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


def _one_of(demo: bool, stored: str | None, option: str) -> None:
    if demo == (stored is not None):
        fail(f"请给出 {option} 或 --demo（二者选一）", f"give either {option} or --demo")


def _demo(make: Callable[[], Document], zh: str) -> Document:
    try:
        return make()
    except ValueError as exc:
        fail(zh, str(exc))


def _stored(read: Callable[[Session], Document]) -> Document:
    """``read(session)`` on the configured database as the system; a refusal exits 2."""
    from cityclimate.cli.platform import _database
    from cityclimate.storage import transaction

    _, engine, sessions = _database()
    try:
        with transaction(sessions) as session:
            return read(session)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()


def _write(document: Document, lang: Language, out: Path) -> None:
    from cityclimate.io.pdf_documents import document_pdf

    out.write_bytes(document_pdf(document, lang.value))
    console.print(f"已写入 · written: {out}")


@pdf_app.command("inventory")
def inventory(
    out: OutOption,
    year: YearOption,
    demo: DemoOption = False,
    territory: TerritoryOption = None,
    lang: LangOption = Language.zh,
) -> None:
    """温室气体清单报告 · The annual GHG inventory report (provincial guideline structure)."""
    from cityclimate.services import reporting
    from cityclimate.services.actors import SYSTEM

    _one_of(demo, territory, "--territory")
    if demo:
        from cityclimate.demo import reporting as demo_reporting

        document = _demo(lambda: demo_reporting.inventory(year), f"示例数据中没有 {year} 年的清单")
    else:
        assert territory is not None
        document = _stored(lambda s: reporting.inventory_document(s, SYSTEM, territory, year))
    _write(document, lang, out)


@pdf_app.command("evaluation")
def evaluation(
    out: OutOption,
    year: YearOption,
    demo: DemoOption = False,
    territory: TerritoryOption = None,
    lang: LangOption = Language.zh,
) -> None:
    """规划实施年度评估报告 · The plan's annual evaluation report."""
    from cityclimate.services import reporting
    from cityclimate.services.actors import SYSTEM

    _one_of(demo, territory, "--territory")
    if demo:
        from cityclimate.demo import reporting as demo_reporting

        document = _demo(lambda: demo_reporting.evaluation(year), f"示例数据中没有 {year} 年的评估")
    else:
        assert territory is not None
        document = _stored(lambda s: reporting.evaluation_document(s, SYSTEM, territory, year))
    _write(document, lang, out)


@pdf_app.command("assessment")
def assessment(
    out: OutOption,
    year: YearOption,
    department: Annotated[str, typer.Option("--department", help="受考核单位 · department")],
    demo: DemoOption = False,
    territory: TerritoryOption = None,
    lang: LangOption = Language.zh,
) -> None:
    """目标责任考核结果通知（含整改期限）· A department's assessment notice with deadlines."""
    from cityclimate.services import reporting
    from cityclimate.services.actors import SYSTEM

    _one_of(demo, territory, "--territory")
    if demo:
        from cityclimate.demo import reporting as demo_reporting

        document = _demo(
            lambda: demo_reporting.assessment(year, department),
            f"{department} 未参加 {year} 年度考核",
        )
    else:
        assert territory is not None
        document = _stored(
            lambda s: reporting.assessment_notice(s, SYSTEM, territory, year, department)
        )
    _write(document, lang, out)


@pdf_app.command("enterprise")
def enterprise(
    out: OutOption,
    year: YearOption,
    enterprise_id: Annotated[str, typer.Option("--enterprise", help="企业编号 · enterprise id")],
    lang: LangOption = Language.zh,
) -> None:
    """企业年度排放报告与信息披露 · An enterprise's annual emission report and disclosure."""
    from cityclimate.services import reporting
    from cityclimate.services.actors import SYSTEM

    document = _stored(lambda s: reporting.enterprise_document(s, SYSTEM, enterprise_id, year))
    _write(document, lang, out)


@pdf_app.command("park")
def park(
    out: OutOption,
    demo: DemoOption = False,
    park_id: Annotated[str | None, typer.Option("--park", help="园区编号 · park id")] = None,
    lang: LangOption = Language.zh,
) -> None:
    """园区自评估报告 · A park's self-assessment report."""
    from cityclimate.services import reporting

    _one_of(demo, park_id, "--park")
    if demo:
        from cityclimate.demo import reporting as demo_reporting

        document = demo_reporting.park()
    else:
        assert park_id is not None
        document = _stored(lambda s: reporting.park_document(s, park_id))
    _write(document, lang, out)
