"""Rendering shared by every command: output to a file or stdout, errors in zh and en."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from cityclimate.errors import CityClimateError, DataValidationError

console = Console()
errors = Console(stderr=True)


def emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"已写入 · written: {out}")


def report_error(exc: CityClimateError) -> None:
    if isinstance(exc, DataValidationError):
        errors.print(
            f"[bold red]输入数据有 {len(exc.problems)} 个问题 · input data has {len(exc.problems)} problem(s):[/]"
        )
        for problem in exc.problems:
            errors.print(f"  • {problem}", markup=False)
    else:
        errors.print(f"[bold red]错误 · error:[/] {exc.message_zh} / {exc.message_en}", markup=True)


def fail(zh: str, en: str) -> NoReturn:
    errors.print(f"[bold red]错误 · error:[/] {zh} / {en}")
    raise typer.Exit(2)
