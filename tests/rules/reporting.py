"""Authorisation rules of the public reporting routes (issue 19)."""

from __future__ import annotations

from tests.rules import ANYONE, SIGNED_IN, STAFF, WRITERS
from tests.rules.enterprises import MEMBERS

R = "/api/v1/reports"
API_RULES = {
    ("GET", f"{R}/inventory/{{territory}}/{{year}}.pdf"): ANYONE,
}
API_RULES |= {
    ("GET", f"{R}/evaluation/{{territory}}/{{year}}.pdf"): ANYONE,
    ("GET", f"{R}/assessment/{{territory}}/{{year}}.pdf"): STAFF,
    ("GET", f"{R}/enterprise/{{enterprise_id}}/{{year}}.pdf"): MEMBERS,
    ("GET", f"{R}/park/{{park_id}}.pdf"): STAFF,
}

OPEN = "/api/v1/open-data"
API_RULES |= {
    ("GET", f"{OPEN}/territories"): ANYONE,
    ("GET", f"{OPEN}/{{territory}}/datasets"): ANYONE,
    ("GET", f"{OPEN}/{{territory}}/years/{{year}}"): ANYONE,
    ("GET", f"{OPEN}/{{territory}}/data/{{dataset}}.csv"): ANYONE,
    ("GET", f"{OPEN}/{{territory}}/meta/{{dataset}}.yml"): ANYONE,
    ("GET", f"{OPEN}/{{territory}}/sdmx.csv"): ANYONE,
    ("GET", f"{OPEN}/{{territory}}/data.xlsx"): ANYONE,
}

PAGES_RULES = {
    ("GET", "/open-data"): ANYONE,
    ("GET", "/open-data/{territory}"): ANYONE,
    ("GET", "/open-data/{territory}/{year}"): ANYONE,
    ("GET", "/calendar"): SIGNED_IN,
    ("GET", "/calendar/reminders"): SIGNED_IN,
    ("POST", "/calendar/rules/{kind}"): WRITERS,
}

C = "/api/v1/calendar"
API_RULES |= {
    ("GET", f"{C}/{{territory}}/rules"): ANYONE,
    ("PUT", f"{C}/{{territory}}/rules/{{kind}}"): WRITERS,
    ("GET", f"{C}/{{territory}}/items"): ANYONE,
    ("GET", f"{C}/{{territory}}/calendar.ics"): ANYONE,
}
