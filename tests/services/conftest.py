"""A session on a copy of the demo database (the API tests' template), for the use cases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from cityclimate.storage import make_engine, make_sessionmaker, transaction
from tests.api.conftest import database, template  # noqa: F401 (fixtures shared)


@pytest.fixture
def session(database: str) -> Iterator[Session]:  # noqa: F811
    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        yield s
    engine.dispose()
