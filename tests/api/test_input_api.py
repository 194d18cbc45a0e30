"""Bad input gets a stable code and a message next to the field; nothing reaches a 500:
passwords (length, common ones), names in any script, passport numbers, dates, lengths,
oversize bodies, text no database can store, junk headers."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.data.sample import load_sample_data
from backend.services.passwords import COMMON_PASSWORDS, is_common
from tests.api.conftest import PASSWORD, sign_in

NAMES = [
    "Zoé Dupont-Lefèvre", "Seán O'Brien", "D’Angelo Russo", "J. R. R. Tolkien",
    "Martin Luther King Jr.", "निखिल कुमार", "สมชาย ใจดี", "김민준", "李伟", "约翰·史密斯",
    "ジョン・スミス", "محمد بن سلمان", "Ахмед Хасан", "Nguyễn Văn An", "Ιωάννης Παπαδόπουλος",
    "אברהם כהן", "Mary-Jane  Watson",
]
BAD_NAMES = ["R2D2", "<script>", "Ann--Lee", "-Ann", "Ann@Lee", "😀", "Ann\tLee\x07"]


def register(client: TestClient, **fields: str):  # noqa: ANN201
    body = {"email": "ana@example.com", "password": PASSWORD, "full_name": "Ana Lima", **fields}
    return client.post("/auth/register", json=body)


def field_codes(r) -> dict[str, str]:  # noqa: ANN001
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["code"] == "invalid_input"
    return {f["field"]: f["code"] for f in r.json()["detail"]["fields"]}


def test_the_bundled_list_holds_the_10000_most_common_passwords() -> None:
    words = COMMON_PASSWORDS.read_text(encoding="utf-8").split()
    assert len(words) == len(set(words)) == 10_000
    assert words[:4] == ["123456", "123456789", "qwerty", "password"]
    assert is_common("Password1 ") and is_common("QWERTYUIOP") and not is_common(PASSWORD)


@pytest.mark.parametrize("password", ["password1", "Iloveyou1", "QWERTY123", "baseball1"])
def test_common_passwords_are_refused_with_a_translated_reason(
    client: TestClient, password: str
) -> None:
    r = register(client, password=password)
    assert field_codes(r) == {"password": "common_password"}
    zh = client.post("/auth/register?lang=zh", json={
        "email": "ana@example.com", "password": password, "full_name": "Ana Lima"})
    assert "密码" in zh.json()["detail"]["fields"][0]["message"]


@pytest.mark.parametrize("password", [
    "a" * 7 + "b",  # 8 characters, nothing else asked: no composition rules
    "83920174650183",
    "correct horse battery staple",
    "密码是一只蓝色的猫咪",
    "x" * 128,
])
def test_any_password_of_8_to_128_characters_not_common_is_taken(
    client: TestClient, password: str
) -> None:
    assert register(client, password=password).status_code == 201
    sign_in(client, "ana@example.com", password)


@pytest.mark.parametrize(("password", "code"), [("short12", "string_too_short"),
                                                ("y" * 129, "string_too_long")])
def test_password_length_is_8_to_128(client: TestClient, password: str, code: str) -> None:
    assert field_codes(register(client, password=password)) == {"password": code}


@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_are_taken(client: TestClient, staff: dict[str, str],
                                       name: str) -> None:
    r = register(client, full_name=name)
    assert r.status_code == 201, r.text
    assert r.json()["full_name"] == " ".join(name.split())
    r = client.post("/staff/people", headers=staff, json={
        "passport_no": "P1234567", "nationality": "FR", "full_name": name,
        "birth_date": "1980-02-29", "phone": "+86 138 0000 0000", "name_zh": "李伟"})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("name", BAD_NAMES)
def test_names_with_digits_symbols_or_controls_are_refused(
    client: TestClient, name: str
) -> None:
    assert field_codes(register(client, full_name=name)) == {"full_name": "invalid_name"}


def test_person_fields_are_checked(client: TestClient, staff: dict[str, str]) -> None:
    r = client.post("/staff/people", headers=staff, json={
        "passport_no": "AB-12!", "nationality": "F1", "full_name": "Ann Lee",
        "birth_date": "1990-02-30", "phone": "call me", "name_zh": "李1"})
    assert field_codes(r) == {
        "passport_no": "invalid_passport_no", "nationality": "invalid_nationality",
        "birth_date": "date_from_datetime_parsing", "phone": "invalid_phone",
        "name_zh": "invalid_name",
    }
    r = client.post("/staff/people", headers=staff, json={
        "passport_no": "e 1234 5678", "nationality": "fr", "full_name": "Ann Lee",
        "birth_date": "1899-12-31", "phone": "+86 138 0000 0000"})
    assert field_codes(r) == {"birth_date": "invalid_birth_date"}
    r = client.post("/staff/people", headers=staff, json={
        "passport_no": "X" * 25, "nationality": "FR", "full_name": "A" * 201,
        "birth_date": "1990-01-01", "phone": "+86 138 0000 0000"})
    assert field_codes(r) == {"passport_no": "string_too_long", "full_name": "string_too_long"}


def test_document_dates_are_checked(client: TestClient, staff: dict[str, str]) -> None:
    pid = client.post("/staff/people", headers=staff, json={
        "passport_no": "E7654321", "nationality": "FR", "full_name": "Ann Lee",
        "birth_date": "1990-01-01", "phone": "+86 138 0000 0000"}).json()["id"]
    r = client.post(f"/staff/people/{pid}/documents", headers=staff, json={
        "kind": "visa", "number": "V123456", "valid_from": "2026-05-01",
        "valid_to": "2026-04-30"})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_dates"
    r = client.post(f"/staff/people/{pid}/documents", headers=staff, json={
        "kind": "visa", "number": "V123456", "valid_from": "0001-01-01",
        "valid_to": "9999-12-31"})
    assert field_codes(r) == {"valid_from": "invalid_date", "valid_to": "invalid_date"}


def test_long_query_and_path_values_are_refused_not_crashed(
    client: TestClient, engine: Engine
) -> None:
    with Session(engine) as s:
        load_sample_data(s)
    r = client.get("/centers", params={"q": "x" * 5000})
    assert field_codes(r) == {"q": "string_too_long"}
    for day in ("9999-12-31", "0001-01-01"):
        r = client.get("/centers/1/slots", params={"service": "visa_extension", "date": day})
        assert r.status_code == 200 and r.json() == []
    r = client.get("/centers/99999999999999999999999")
    assert r.status_code in (404, 422)
    r = client.get("/guides/" + "x" * 3000)
    assert r.status_code in (404, 422)


def test_oversize_bodies_are_refused_before_reading(client: TestClient) -> None:
    big = {"email": "ana@example.com", "password": PASSWORD, "full_name": "A" * 70_000}
    r = client.post("/auth/register", json=big, headers={"Accept-Language": "zh"})
    assert r.status_code == 413
    detail = r.json()["detail"]
    assert detail["code"] == "body_too_large" and "请求" in detail["message"]

    def chunks():  # a body without Content-Length (chunked), growing past the limit
        yield b'{"email": "ana@example.com", "full_name": "'
        for _ in range(100):
            yield b"A" * 1000
        yield b'"}'

    r = client.post("/auth/register", content=chunks(),
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["detail"]["code"] == "body_too_large"
    r = client.post("/inquiry/application", content=chunks(),
                    headers={"Content-Type": "text/plain"})
    assert r.status_code == 413


@pytest.mark.parametrize("text", ["Ann\x00Lee", "Ann\ud800Lee"])
def test_text_no_database_can_store_is_refused(client: TestClient, text: str) -> None:
    body = json.dumps({"email": "ana@example.com", "password": text * 2, "full_name": text})
    r = client.post("/auth/register", content=body.encode(),
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"]["fields"][0]["code"] == "invalid_character"
    r = client.get("/centers", params={"q": "Bei\x00jing"})
    assert r.status_code == 422


@pytest.mark.parametrize("headers", [
    {"Accept-Language": "xx"}, {"Accept-Language": "zz-ZZ,*;q=0.1"},
    {"Accept-Language": "a" * 300}, {"Authorization": "Bearer " + "x" * 5000},
    {"Authorization": "Basic Zm9vOmJhcg=="}, {"Content-Type": "application/json; charset=latin-9"},
])
def test_junk_headers_are_answered_not_crashed(client: TestClient, headers: dict[str, str]) -> None:
    assert client.get("/services", headers=headers).status_code in (200, 401)
    assert client.get("/me", headers=headers).status_code == 401


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b"null", b'"x"', b"[" * 5000 + b"]" * 5000,
                                  b'{"email": 5, "password": [], "full_name": {}}',
                                  "{\"email\": \"\u00e9\"}".encode("latin-1")])
def test_malformed_bodies_are_422_or_400(client: TestClient, body: bytes) -> None:
    r = client.post("/auth/register", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 422), r.text
    assert r.json()["detail"]["code"] == "invalid_input"
