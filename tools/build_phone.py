"""Builds the phone app (`flet build apk|ipa|aab|web`) from this repository.

    python tools/build_phone.py apk --backend-url https://immigration.example.cn
    python tools/build_phone.py ipa --backend-url https://... --stage-only

`flet build` packages every file of the project directory and installs every dependency of
its pyproject.toml for the phone: here that would be the server (backend/, FastAPI,
uvicorn, psycopg...), which a phone does not run and whose native packages have no Android
or iOS builds. So this stages a project of the phone app alone in build/phone/src:
  - app/, locales/ (with the compiled catalogs: run `make i18n` first), assets/ (icons,
    fonts) and phone.py (the entry point);
  - backend_url.txt: the API server the app calls (phone.py reads it; BACKEND_URL);
  - pyproject.toml: [project] name, version and description from ours, the phone's
    dependencies from [tool.nia-online.phone] and our [tool.flet] settings (app id, name,
    icons, build number, web and splash settings) as they are;
then runs `flet build <target>` there, output in build/<target>. The build needs the
`flet` command line (pip install flet-cli) and the Flutter SDK (flet downloads it on the
first build; this repository's machine has no access to download it). With --stage-only,
or without the `flet` command, it stages and prints the command to run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("apk", "aab", "ipa", "web")
COPIED = ("app", "locales", "assets")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def toml_tables(prefix: str, table: dict[str, Any]) -> list[str]:
    """`table` as TOML: its plain keys under [prefix], then its sub-tables, recursively."""
    plain = {k: v for k, v in table.items() if not isinstance(v, dict)}
    lines = [f"[{prefix}]"] + [f'"{k}" = {toml_value(v)}' if "." in k else
                               f"{k} = {toml_value(v)}" for k, v in plain.items()]
    for key, sub in table.items():
        if isinstance(sub, dict):
            lines += ["", *toml_tables(f"{prefix}.{key}", sub)]
    return lines


def staged_pyproject(ours: dict[str, Any]) -> str:
    project = ours["project"]
    phone = ours["tool"]["nia-online"]["phone"]
    lines = toml_tables("project", {
        "name": phone["name"],
        "version": project["version"],
        "description": project["description"],
        "requires-python": project["requires-python"],
        "dependencies": phone["dependencies"],
    })
    lines += ["", *toml_tables("tool.flet", ours["tool"]["flet"])]
    return "\n".join(lines) + "\n"


def stage(out: Path, backend_url: str) -> Path:
    """The phone app's project directory, made afresh in `out`."""
    parsed = urlparse(backend_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SystemExit(f"--backend-url must be an http(s) address, not {backend_url!r}")
    if not any((ROOT / "locales").glob("*/LC_MESSAGES/messages.mo")):
        raise SystemExit("The catalogs are not compiled: run `make i18n` first.")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.po", "*.pot")
    for name in COPIED:
        shutil.copytree(ROOT / name, out / name, ignore=ignore)
    shutil.copy2(ROOT / "phone.py", out / "phone.py")
    (out / "backend_url.txt").write_text(backend_url.rstrip("/") + "\n", encoding="utf-8")
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (out / "pyproject.toml").write_text(staged_pyproject(ours), encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--backend-url", required=True,
                        help="the API server the app calls, e.g. https://immigration.example.cn")
    parser.add_argument("--stage-only", action="store_true")
    args = parser.parse_args()
    src = stage(ROOT / "build" / "phone" / "src", args.backend_url)
    command = ["flet", "build", args.target, str(src), "-o", str(ROOT / "build" / args.target)]
    print(f"staged the phone app in {src.relative_to(ROOT)}")
    if args.stage_only or shutil.which("flet") is None:
        print("build it with (needs flet-cli and the Flutter SDK):\n  " + " ".join(command))
        return 0
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())
