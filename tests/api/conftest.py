"""The HTTP contract, tested with a client against the ASGI API bound to a fresh database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.api import create_api
from backend.data.people import DEMO_PASSWORD
from backend.models import Account, Document, DocumentKind, Person, RegisterIn, Role
from backend.services import auth

PASSWORD = "correct horse battery"


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as c:
        yield c


def sign_in(client: TestClient, email: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    """Sign in (a demo account by default) and return the Authorization header."""
    r = client.post("/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def person_id_of(engine: Engine, email: str) -> int:
    """The id of the person a (verified) account proved to be."""
    with Session(engine) as s:
        account = s.exec(select(Account).where(Account.email == email)).one()
        assert account.person_id is not None
        return account.person_id


def register_and_login(client: TestClient, email: str = "ana@example.com") -> dict[str, str]:
    """Register an account, sign in, and return the Authorization header."""
    r = client.post(
        "/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": "Ana Lima", "locale": "en"},
    )
    assert r.status_code == 201, r.text
    return sign_in(client, email, PASSWORD)


@pytest.fixture
def user(client: TestClient) -> dict[str, str]:
    return register_and_login(client)


@pytest.fixture
def staff(client: TestClient, engine: Engine) -> dict[str, str]:
    with Session(engine) as s:
        auth.register(
            session=s,
            data=RegisterIn(email="officer@example.com", password=PASSWORD, full_name="Officer"),
            role=Role.officer,
        )
    r = client.post("/auth/login", json={"email": "officer@example.com", "password": PASSWORD})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
def person(engine: Engine) -> Person:
    """A foreigner in the records, with a passport, who has no account yet."""
    with Session(engine, expire_on_commit=False) as s:
        p = Person(
            passport_no="E12345678",
            nationality="FR",
            full_name="Zoé Dupont-Lefèvre",
            birth_date=date(1990, 5, 17),
            phone="+86 138 0000 1234",
        )
        s.add(p)
        s.flush()
        s.add(
            Document(
                person_id=p.id, kind=DocumentKind.passport, number="E12345678",
                valid_from=date(2020, 1, 1), valid_to=date(2030, 1, 1),
            )
        )
        s.commit()
        return p
