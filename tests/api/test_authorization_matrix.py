"""Every applicant-scoped route, called by everyone who might try it.

The routes come from the API's own route table, so a new /applicants/{aid}/... route without
an example here fails the test; and one whose access check is missing fails it too. Only the
applicant and a helper with an active link get through; a pending or revoked helper, another
account and no account are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.api import create_api
from backend.data.people import DEMO_PASSWORD
from backend.data.sample import load_sample_data
from backend.models import Account, HelperLink, LinkStatus, Relation, utcnow
from backend.services.passwords import hash_password
from tests.api.conftest import sign_in

ALLOWED = ("applicant", "active_helper")
REFUSED = {"pending_helper": 403, "revoked_helper": 403, "other_account": 403,
           "no_account": 401}


@dataclass
class World:
    client: TestClient
    aid: int
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def slot(self, service: str) -> str:
        days = self.client.get("/centers/1/days", params={"service": service}).json()
        slots = self.client.get("/centers/1/slots",
                                params={"service": service, "date": days[-1]["date"]}).json()
        return str(slots[0]["start"])


Example = Callable[[World, str], dict[str, Any]]


def _book(w: World, caller: str) -> dict[str, Any]:
    # Each caller books a service of their own, so both allowed callers can succeed.
    service = {"applicant": "visa_extension", "active_helper": "visa_renewal"}.get(
        caller, "stay_permit")
    return {"json": {"service": service, "center_id": 1, "start": w.slot(service)}}


def _nothing(w: World, caller: str) -> dict[str, Any]:
    return {}


# (method, path) -> request arguments; and the statuses an allowed caller may get where the
# request cannot succeed for them by nature (a PR card the applicant has, a link they hold).
EXAMPLES: dict[tuple[str, str], Example] = {
    ("GET", "/applicants/{aid}/appointments"): _nothing,
    ("POST", "/applicants/{aid}/appointments"): _book,
    ("GET", "/applicants/{aid}/audit"): _nothing,
    ("DELETE", "/applicants/{aid}/link"): _nothing,
    ("GET", "/applicants/{aid}/applications"): _nothing,
    ("GET", "/applicants/{aid}/permits"): _nothing,
    ("GET", "/applicants/{aid}/pr-card"): _nothing,
    ("GET", "/applicants/{aid}/passport"): _nothing,
    ("GET", "/applicants/{aid}/guides/{service}/checklist"): _nothing,
    ("PUT", "/applicants/{aid}/guides/{service}/checklist"):
        lambda w, caller: {"json": {"items": ["passport", "photo"]}},
    ("GET", "/applicants/{aid}/certificates"): _nothing,
    ("POST", "/applicants/{aid}/certificates"): _nothing,
    ("POST", "/applicants/{aid}/certificates/{code}/revoke"): _nothing,
}
# The applicant holds no helper link to themself: ending "their link" is not found.
NOT_APPLICABLE = {("DELETE", "/applicants/{aid}/link", "applicant"): 404,
                  # No document has this code: the access check passed, the code is not found.
                  ("POST", "/applicants/{aid}/certificates/{code}/revoke", "applicant"): 404,
                  ("POST", "/applicants/{aid}/certificates/{code}/revoke", "active_helper"): 404}


def applicant_routes() -> list[tuple[str, str]]:
    """(METHOD, path) of every route with an applicant in its path, from the API itself."""
    api = create_api(engine=None)  # type: ignore[arg-type]  # the route table only
    paths = api.openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items() if "{aid}" in path
        for method in operations
    )


def test_every_applicant_route_has_an_example() -> None:
    missing = [r for r in applicant_routes() if r not in EXAMPLES]
    assert missing == [], f"add these routes to EXAMPLES (and check their access): {missing}"


@pytest.fixture
def world(engine: Engine) -> Iterator[World]:
    """Elena (a verified permanent resident) and five other accounts around her."""
    with Session(engine) as s:
        load_sample_data(s)
        elena = s.exec(select(Account).where(Account.email == "elena@example.com")).one()
        aid = elena.person_id
        assert aid is not None
        password = hash_password(DEMO_PASSWORD)
        for name, status in (("active_helper", LinkStatus.active),
                             ("pending_helper", LinkStatus.pending),
                             ("revoked_helper", LinkStatus.revoked),
                             ("other_account", None)):
            account = Account(email=f"{name}@example.com", password_hash=password,
                              full_name=name)
            s.add(account)
            s.flush()
            if status is not None:
                s.add(HelperLink(helper_account_id=account.id, person_id=aid,  # type: ignore[arg-type]
                                 relation=Relation.friend, status=status,
                                 activated_at=utcnow() if status != LinkStatus.pending else None))
        s.commit()
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as client:
        w = World(client=client, aid=aid)
        emails = {"applicant": "elena@example.com",
                  **{n: f"{n}@example.com" for n in ("active_helper", "pending_helper",
                                                     "revoked_helper", "other_account")}}
        for caller, email in emails.items():
            w.headers[caller] = sign_in(client, email)
        w.headers["no_account"] = {}
        yield w


def fill(path: str, aid: int) -> str:
    """A URL for `path`: the applicant, and an ordinary value for any other parameter."""
    return (path.replace("{aid}", str(aid)).replace("{service}", "visa_extension")
            .replace("{code}", "2222-2222-2222"))


@pytest.mark.parametrize("route", applicant_routes(), ids=lambda r: f"{r[0]} {r[1]}")
def test_only_the_applicant_and_active_helpers_get_through(
    world: World, route: tuple[str, str]
) -> None:
    method, path = route
    example = EXAMPLES[route]
    url = fill(path, world.aid)
    # The refused first, then the allowed: a change they make cannot hide a refusal.
    for caller, expected in REFUSED.items():
        r = world.client.request(method, url, headers=world.headers[caller],
                                 **example(world, caller))
        assert r.status_code == expected, f"{caller} {method} {path}: {r.status_code} {r.text}"
    for caller in ALLOWED:
        r = world.client.request(method, url, headers=world.headers[caller],
                                 **example(world, caller))
        wanted = NOT_APPLICABLE.get((method, path, caller))
        if wanted:
            assert r.status_code == wanted, f"{caller} {method} {path}: {r.text}"
        else:
            assert 200 <= r.status_code < 300, f"{caller} {method} {path}: {r.text}"


def test_unknown_applicant_is_refused_like_anyone_elses(world: World) -> None:
    for route in applicant_routes():
        method, path = route
        if route not in EXAMPLES:
            continue  # reported by test_every_applicant_route_has_an_example
        url = fill(path, 999999)
        r = world.client.request(method, url, headers=world.headers["applicant"],
                                 **EXAMPLES[route](world, "other_account"))
        assert r.status_code == 403, f"{method} {path}: {r.status_code}"
