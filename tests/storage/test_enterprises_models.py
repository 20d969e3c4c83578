"""The enterprise tables: an enterprise user is bound to ONE enterprise by the database itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from cityclimate.services import accounts
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.enterprises_models import EnterpriseMember, EnterpriseRecord


def test_one_enterprise_per_user(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with transaction(factory, write=True) as s:
        from cityclimate.services.territories import seed_reference

        seed_reference(s, SYSTEM)
        for eid, code in (("A", "91500000MA5U000111"), ("B", "91500000MA5U0001X0")):
            s.add(
                EnterpriseRecord(
                    enterprise_id=eid, uscc=code, name_zh=eid, territory="LJ-2016", record={}
                )
            )
        user = accounts.create_user(s, SYSTEM, username="e", password="x" * 12, role="enterprise")
        s.add(EnterpriseMember(user_id=user.id, enterprise_id="A"))
        uid = user.id
    with pytest.raises(IntegrityError), transaction(factory, write=True) as s:
        s.add(EnterpriseMember(user_id=uid, enterprise_id="B"))
    engine.dispose()
