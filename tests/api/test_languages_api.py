"""Languages through the API: the account's language (PATCH /me), error messages, services,
guides and holiday names in each of the eight languages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.api import create_api
from backend.config import get_settings
from backend.data.sample import load_sample_data
from backend.i18n import SUPPORTED, gettext
from backend.models import CalendarDay
from tests.api.conftest import PASSWORD, register_and_login

OTHERS = [lang for lang in SUPPORTED if lang != "en"]


@pytest.fixture
def api(engine: Engine) -> Iterator[TestClient]:
    with Session(engine) as s:
        load_sample_data(s)
    outer = FastAPI()
    outer.mount("/api/v1", create_api(engine))
    with TestClient(outer, base_url="http://test/api/v1") as client:
        yield client


def get(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_account_keeps_its_language(client: TestClient) -> None:
    headers = register_and_login(client)
    assert client.get("/me", headers=headers).json()["account"]["locale"] == "en"
    r = client.patch("/me", json={"locale": "ko"}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["account"]["locale"] == "ko"
    assert client.get("/me", headers=headers).json()["account"]["locale"] == "ko"
    # Regional forms are taken as the language.
    r = client.patch("/me", json={"locale": "zh-Hans-CN"}, headers=headers)
    assert r.json()["account"]["locale"] == "zh"


def test_an_unknown_language_is_refused_next_to_the_field(client: TestClient) -> None:
    headers = register_and_login(client)
    r = client.patch("/me", json={"locale": "tlh"}, headers={**headers, "Accept-Language": "fr"})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_input"
    [field] = detail["fields"]
    assert field["field"] == "locale" and field["code"] == "unsupported_language"
    assert field["message"] == "Choisissez l’une des langues proposées."
    assert client.get("/me", headers=headers).json()["account"]["locale"] == "en"
    r = client.post("/auth/register", json={"email": "x@example.com", "password": PASSWORD,
                                            "full_name": "X", "locale": "xx"})
    assert r.status_code == 422 and r.json()["detail"]["fields"][0]["field"] == "locale"


def test_only_the_account_holder_changes_its_language(client: TestClient) -> None:
    assert client.patch("/me", json={"locale": "fr"}).status_code == 401
    r = client.patch("/me", json={"locale": "fr"}, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401


def test_registration_keeps_the_language_it_was_made_in(client: TestClient) -> None:
    r = client.post("/auth/register", json={"email": "a@example.com", "password": PASSWORD,
                                            "full_name": "Amal", "locale": "ar"})
    assert r.status_code == 201 and r.json()["locale"] == "ar"


@pytest.mark.parametrize("lang", OTHERS)
def test_errors_in_every_language(client: TestClient, lang: str) -> None:
    r = client.post("/auth/login", json={"email": "nobody@example.com", "password": "wrong"},
                    headers={"Accept-Language": lang})
    assert r.status_code == 401
    message = r.json()["detail"]["message"]
    assert message == gettext("The e-mail address or the password is not correct.", lang)
    assert message != "The e-mail address or the password is not correct."
    r = client.get("/centers/99999", params={"lang": lang})
    assert r.json()["detail"]["message"] == gettext("Not found.", lang) != "Not found."


@pytest.mark.parametrize("lang", OTHERS)
def test_services_guides_and_holidays_in_every_language(
    api: TestClient, engine: Engine, lang: str
) -> None:
    services = get(api, "/services", lang=lang)
    assert services[0]["name"] == gettext("Visa extension", lang) != "Visa extension"
    guides = get(api, "/guides", lang=lang)
    assert {g["lang"] for g in guides} == {lang}
    assert guides[0]["title"] == services[0]["name"]  # one name for a service everywhere
    # A public holiday ahead is named in the language asked for.
    center = get(api, "/centers")[0]
    with Session(engine) as s:
        # The centers' today (from 16:00 UTC it is the next day in China).
        today = datetime.now(ZoneInfo(get_settings().timezone)).date()
        holiday = CalendarDay(day=today.replace(day=28) if today.day < 20 else today,
                              is_holiday=True, name_en="Mid-Autumn Festival", name_zh="中秋节")
        existing = s.get(CalendarDay, holiday.day)
        if existing is not None:
            s.delete(existing)
            s.flush()
        s.add(holiday)
        s.commit()
    closed = get(api, f"/centers/{center['id']}", lang=lang)["closed_days"]
    names = {c["name"] for c in closed if c["kind"] == "holiday"}
    assert gettext("Mid-Autumn Festival", lang) in names
