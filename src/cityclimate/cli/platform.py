"""``cityclimate serve | db upgrade | demo load | user create``: run the platform.

Thin: each command reads the settings, calls one service in one transaction, prints the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from cityclimate.cli.output import console, fail, report_error

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from cityclimate.settings import Settings

T = TypeVar("T")
platform_app = typer.Typer()
db_app = typer.Typer(help="数据库 · database", no_args_is_help=True)
demo_app = typer.Typer(help="示例数据 · demo data", no_args_is_help=True)
user_app = typer.Typer(help="用户 · users", no_args_is_help=True)


def _database() -> tuple[Settings, Engine, sessionmaker[Session]]:
    from cityclimate.settings import get_settings
    from cityclimate.storage import make_engine, make_sessionmaker

    settings = get_settings()
    engine = make_engine(settings.database_url)
    return settings, engine, make_sessionmaker(engine)


def in_transaction(call: Callable[[Session], T], *, write: bool, exit_code: int = 1) -> T:
    """``call(session)`` in one transaction on the configured database; a refusal
    (:class:`~cityclimate.errors.CityClimateError`) is printed in zh/en and exits ``exit_code``."""
    from cityclimate.errors import CityClimateError
    from cityclimate.storage import transaction

    _, engine, sessions = _database()
    try:
        with transaction(sessions, write=write) as session:
            return call(session)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(exit_code) from exc
    finally:
        engine.dispose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """应用数据库迁移并载入参考地区 · Apply the migrations and seed the reference territories."""
    from cityclimate.services import territories
    from cityclimate.services.actors import SYSTEM
    from cityclimate.storage import transaction, upgrade

    _, engine, sessions = _database()
    upgrade(engine)
    with transaction(sessions, write=True) as session:
        added = territories.seed_reference(session, SYSTEM)
    engine.dispose()
    console.print(
        f"数据库已是最新 · database up to date: {engine.url.render_as_string()} "
        f"(+{added} territories)"
    )


@demo_app.command("load")
def demo_load() -> None:
    """载入两江新区示例数据并发布 2019、2020 年清单 · Load the illustrative Liangjiang demo."""
    from cityclimate.demo import liangjiang
    from cityclimate.demo.load import load_demo
    from cityclimate.services.actors import SYSTEM
    from cityclimate.storage import transaction

    _, engine, sessions = _database()
    with transaction(sessions, write=True) as session:
        outcome = load_demo(session, SYSTEM)
    engine.dispose()
    console.print(f"[bold red]{liangjiang.NOTICE_ZH}[/]")
    if outcome["loaded"]:
        console.print(f"已载入 · loaded: versions {outcome['versions']}")
    else:
        console.print("示例数据已存在 · the demo is already loaded")


@user_app.command("create")
def user_create(
    username: Annotated[str, typer.Argument(help="用户名 · user name")],
    role: Annotated[
        str, typer.Option(help="admin / climate_office / department / enterprise / public")
    ] = "public",
    password: Annotated[
        str | None,
        typer.Option(
            envvar="CITYCLIMATE_NEW_PASSWORD",
            help="密码（缺省则随机生成并显示一次）· password (default: generated, shown once)",
        ),
    ] = None,
    display_name: Annotated[str, typer.Option(help="显示名 · display name")] = "",
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="已存在则不做任何事 · do nothing if it exists")
    ] = False,
) -> None:
    """新建用户 · Create a user (the password is stored as an argon2 hash only)."""
    from cityclimate.errors import CityClimateError
    from cityclimate.services import accounts
    from cityclimate.services.actors import SYSTEM
    from cityclimate.storage import transaction

    _, engine, sessions = _database()
    chosen = password or accounts.generate_password()
    try:
        with transaction(sessions, write=True) as session:
            if if_missing and accounts.find_user(session, username) is not None:
                console.print(f"用户已存在 · user exists: {username}")
                return
            accounts.create_user(
                session,
                SYSTEM,
                username=username,
                password=chosen,
                role=role,
                display_name=display_name,
            )
    except CityClimateError as exc:
        fail(exc.message_zh, exc.message_en)
    finally:
        engine.dispose()
    console.print(f"已创建用户 · created user: {username} ({role})")
    if not password:
        console.print(f"密码（仅显示一次）· password (shown once): [bold]{chosen}[/]")


@platform_app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="监听地址 · address")] = None,
    port: Annotated[int | None, typer.Option(help="端口 · port")] = None,
    workers: Annotated[int, typer.Option(help="进程数 · worker processes")] = 1,
) -> None:
    """启动网页与 API 服务 · Serve the web pages and the API.

    Several workers share the port evenly (:mod:`cityclimate.server`).
    """
    from cityclimate import server
    from cityclimate.settings import get_settings

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    console.print(f"cityclimate: http://{host}:{port}/  (API: http://{host}:{port}/api/v1)")
    server.run(host, port, workers=workers)


platform_app.add_typer(db_app, name="db")
platform_app.add_typer(demo_app, name="demo")
platform_app.add_typer(user_app, name="user")
