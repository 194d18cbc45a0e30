"""The app's screens rendered in Python against the real API on a fresh database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import api_client
from backend.api import create_api
from backend.data.sample import load_sample_data
from webclient import flet_walk

# The screens are tested with the walk over changed controls that the server uses.
flet_walk.install()


@pytest.fixture
def in_process_api(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """Every ApiClient the app creates talks to the API on `engine`, in this process."""
    monkeypatch.delenv("BACKEND_URL", raising=False)
    previous = api_client._in_process_api
    api_client.use_in_process_api(create_api(engine))
    yield engine
    api_client.use_in_process_api(previous)


@pytest.fixture
def sample_api(in_process_api: Engine) -> Engine:
    """The in-process API with the sample data (demo accounts and people) loaded."""
    with Session(in_process_api) as session:
        assert load_sample_data(session)
    return in_process_api
