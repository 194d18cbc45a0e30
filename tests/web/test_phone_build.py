"""The phone build's project (tools/build_phone.py): the app alone, its settings and the API
address. (`flet build` itself needs the Flutter SDK, which this machine cannot download.)"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PIL import Image

from app.api_client import ApiClient
from tools import build_phone

ROOT = Path(__file__).resolve().parent.parent.parent
SERVER_PACKAGES = {"fastapi", "uvicorn", "sqlmodel", "psycopg", "argon2-cffi", "libpass",
                   "cryptography", "fpdf2", "brotli", "pydantic-settings"}


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_phone.stage(tmp_path_factory.mktemp("phone") / "src",
                             "https://immigration.example.cn/")


def test_staged_project_has_the_build_settings(staged: Path) -> None:
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    theirs = tomllib.loads((staged / "pyproject.toml").read_text(encoding="utf-8"))
    flet = theirs["tool"]["flet"]
    assert flet == ours["tool"]["flet"]
    assert flet["bundle_id"] == "cn.example.immigration.services"
    assert flet["product"] == "Immigration Services"
    assert isinstance(flet["build_number"], int)
    assert flet["app"]["module"] == "phone" and (staged / "phone.py").exists()
    assert flet["web"]["cdn"] is False
    assert theirs["project"]["version"] == ours["project"]["version"]
    names = {d.split("=")[0].split(">")[0].split("[")[0] for d in
             theirs["project"]["dependencies"]}
    assert "flet" in names and "httpx" in names
    assert not names & SERVER_PACKAGES


def test_staged_project_is_the_app_alone(staged: Path) -> None:
    assert {p.name for p in staged.iterdir()} == {
        "app", "locales", "assets", "phone.py", "backend_url.txt", "pyproject.toml"}
    assert any(staged.glob("locales/zh/LC_MESSAGES/messages.mo"))
    icon = Image.open(staged / "assets" / "icon.png")  # what flet build makes the icons of
    assert icon.size == (1024, 1024) and icon.mode == "RGB"
    assert (staged / "backend_url.txt").read_text().strip() == "https://immigration.example.cn"


def test_staged_app_runs_against_the_baked_server_without_the_backend(staged: Path) -> None:
    # In the staged directory alone: the entry point imports, nothing of the server is
    # loaded, and the app's API client talks HTTP to the address written at build time.
    probe = (
        "import os, sys\n"
        "import phone\n"
        "os.environ['BACKEND_URL'] = phone.backend_url()\n"
        "from app.api_client import ApiClient\n"
        "client = ApiClient()\n"
        "print(client._http.base_url)\n"
        "assert not [m for m in sys.modules if m == 'backend' or m.startswith('backend.')]\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(staged)}
    out = subprocess.run([sys.executable, "-c", probe], cwd=staged, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "https://immigration.example.cn/api/v1/"
    # Imported from the stage, not from the repository.
    where = subprocess.run([sys.executable, "-c", "import app; print(app.__file__)"],
                           cwd=staged, env=env, capture_output=True, text=True, timeout=60)
    assert where.stdout.startswith(str(staged))


def test_a_bad_backend_address_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="http"):
        build_phone.stage(tmp_path / "src", "immigration.example.cn")


def test_sessions_against_a_remote_backend_share_one_tls_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Building a TLS context reads the CA certificates: tens of milliseconds on the event
    # loop at every new session, which every other user would wait through.
    monkeypatch.setenv("BACKEND_URL", "https://api.example.org")
    first, second = ApiClient(), ApiClient()
    contexts = [c._http._transport._pool._ssl_context  # type: ignore[attr-defined]
                for c in (first, second)]
    assert contexts[0] is not None and contexts[0] is contexts[1]
