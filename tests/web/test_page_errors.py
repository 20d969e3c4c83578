"""A refused compute or recalculation is shown IN the versions page (issue 20): the bilingual
problem list with where, row and field, status 4xx, not the bare error page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cityclimate.app import create_app
from cityclimate.settings import Settings
from tests.web.test_pathways_pages import _signed_in


def test_refused_compute_and_recalculation_are_listed_in_the_page(database: str) -> None:
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        csrf = _signed_in(client)  # the office; the session's token serves every form
        html = {"Accept": "text/html"}
        computed = client.post(
            "/inventories/compute",
            data={"csrf_token": csrf, "territory_code": "LJ-2016", "year": "2010"},
            headers=html,
        )
        assert computed.status_code == 422, computed.text[:300]
        assert 'data-testid="problems"' in computed.text and "未保存" in computed.text
        assert 'data-testid="versions"' in computed.text  # the page itself, not error.html
        recalculated = client.post(
            "/inventories/1/recalculate",
            data={"csrf_token": csrf, "reason": "test", "import_id": "99999"},
            headers=html,
        )
        assert 400 <= recalculated.status_code < 500
        assert 'data-testid="problems"' in recalculated.text
