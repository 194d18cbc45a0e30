"""Fuzzing the whole API from its own OpenAPI document (schemathesis): every operation gets
generated requests, valid and invalid, signed out, as a verified person acting for
themself, and as staff. No answer may be a 5xx, and every answer must match what the
document says of it (status, content type, body schema).

Bounded in time: FUZZ_EXAMPLES (default 15) examples per operation and pass. The number
of requests sent is printed (pytest -s) and asserted to be substantial.
"""

from __future__ import annotations

import os
import secrets
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.transport.serialization import serialize_binary
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.api import create_api
from backend.data.sample import load_sample_data
from backend.models import Account, AuthSession, RegisterIn, Role, utcnow
from backend.services import auth

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))


@schemathesis.serializer("application/pdf")
def _pdf(ctx: Any, value: Any) -> bytes:
    """POST /verify takes the PDF file as the body: whatever bytes were generated."""
    return serialize_binary(value)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def token_for(engine: Engine, email: str) -> str:
    """A fresh session token for an account, made without hashing a password."""
    token = secrets.token_urlsafe(32)
    with Session(engine) as s:
        account = s.exec(select(Account).where(Account.email == email)).one()
        now = utcnow()
        s.add(AuthSession(account_id=account.id, token_hash=auth.hash_token(token),  # type: ignore[arg-type]
                          created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=1)))
        s.commit()
    return token


def test_fuzz_every_operation(engine: Engine) -> None:
    with Session(engine) as s:
        load_sample_data(s)
        auth.register(session=s, data=RegisterIn(email="officer@example.com",
                                                 password="officer pass 2026",
                                                 full_name="Officer Wang"), role=Role.officer)
        maria = s.exec(select(Account).where(Account.email == "maria@example.com")).one()
    # The API itself, as main.py mounts it at /api/v1 (called at its own root here: the outer
    # mount's path pattern would turn a path with a line break into the outer app's 404).
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_api(engine))
    sent: Counter[str] = Counter()
    statuses: Counter[int] = Counter()

    def run(operation: Any, mode: GenerationMode, **fixed: Any) -> None:
        @given(case=operation.as_strategy(generation_mode=mode, **fixed))
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck),
                  phases=[Phase.explicit, Phase.generate, Phase.target],
                  verbosity=Verbosity.quiet)
        def one(case: Any) -> None:
            response = case.call_and_validate(checks=CHECKS)
            sent[operation.label] += 1
            statuses[response.status_code] += 1

        try:
            one()
        except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
            assert mode == GenerationMode.NEGATIVE

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        path = operation.path
        # Signed out (and with whatever headers the generator makes): valid and invalid data.
        run(operation, GenerationMode.POSITIVE)
        run(operation, GenerationMode.NEGATIVE)
        # Signed in: as a verified person acting for themself, or as staff for /staff.
        who = "officer@example.com" if path.startswith("/staff") else "maria@example.com"
        header = {"authorization": f"Bearer {token_for(engine, who)}"}
        ids = {"aid": maria.person_id} if "{aid}" in path else {}
        run(operation, GenerationMode.POSITIVE, headers=header, path_parameters=ids)
        run(operation, GenerationMode.NEGATIVE, headers=header, path_parameters=ids)
    total = sum(sent.values())
    print(f"\nfuzzed {len(operations)} operations with {total} requests "
          f"({engine.dialect.name}); statuses {dict(sorted(statuses.items()))}")
    assert len(operations) >= 40
    assert total >= len(operations) * 2 * 2  # at least a few requests per operation and pass
    assert not any(status >= 500 for status in statuses)
    pytest.fuzzed = total  # type: ignore[attr-defined]
