"""The document linking passport and PR card in the app: from the PR card page to issuing,
downloading and revoking it; and the public check by code, signed out."""

from __future__ import annotations

import pytest

from app.i18n import Translator
from app.state import certificates as certificates_state
from backend.data.people import DEMO_PASSWORD
from tests.app.flet_harness import async_test, rendered_app
from tests.app.test_booking import sign_in, wait_until

pytestmark = pytest.mark.usefixtures("sample_api")

ZH = Translator("zh")


@async_test
async def test_issue_download_check_and_revoke() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui, "elena@example.com")
        await ui.go("/documents/pr-card")
        await wait_until(ui, lambda: ui.has_key("to-certificates"), "the document button")
        await ui.click("to-certificates")
        assert ui.route == "/certificates"
        await wait_until(ui, lambda: ui.has_key("none"), "the empty list")
        await ui.click("issue")
        await wait_until(ui, lambda: ui.has_key("issued"), "the new document")
        [cert] = await ui.state.api.certificates(ui.state.applicant_id)
        code = cert["code"]
        await wait_until(ui, lambda: ui.has_key(f"certificate-{code}"), "its card")
        card = ui.texts(f"certificate-{code}")
        assert "Valid" in card and cert["code_display"] in card

        await ui.click(f"download-{code}")
        saved = ui.invoked("save_file")[-1]
        assert saved["file_name"] == f"certificate-{code}.pdf"
        assert saved["src_bytes"].startswith(b"%PDF-")

        # Anyone can check it, signed out, by the code as printed.
        await ui.go("/verify-document")
        await ui.type("code", cert["code_display"].lower())
        await ui.click("submit")
        await wait_until(ui, lambda: ui.has_key("result"), "the result")
        texts = ui.texts()
        assert "Valid" in ui.texts("result")
        assert "****4567" in texts and "PETROVA, ELENA" in texts
        assert "751234567" not in texts

        await ui.go("/certificates")
        await wait_until(ui, lambda: ui.has_key(f"revoke-{code}"), "the revoke button")
        await ui.click(f"revoke-{code}")
        assert ui.has_key(f"confirm-{code}")
        await ui.click(f"revoke-no-{code}")
        assert not ui.has_key(f"confirm-{code}")
        await ui.click(f"revoke-{code}")
        await ui.click(f"revoke-yes-{code}")
        await wait_until(ui, lambda: "Revoked" in ui.texts(f"status-{code}"), "revoked")
        assert not ui.has_key(f"download-{code}")

        await ui.go(f"/verify-document?code={code}")  # as from the QR code
        await wait_until(ui, lambda: ui.has_key("result"), "the result")
        assert "Revoked" in ui.texts("result")


@async_test
async def test_check_in_chinese_errors_and_not_found() -> None:
    async with rendered_app("/verify-document?lang=zh") as ui:
        await ui.click("submit")
        assert ui.field("code").error == ZH(
            "Enter the 12-character verification code printed on the document, for example "
            "ABCD-EFGH-JK23.")
        await ui.type("code", "ABCD-EFGH-JK23")
        await ui.click("submit")
        await wait_until(ui, lambda: ui.has_key("result"), "the result")
        assert ZH("Not found") in ui.texts("result")
        assert ZH("Not found") != "Not found"


@async_test
async def test_no_pr_card_no_button_and_refusal() -> None:
    async with rendered_app("/") as ui:
        await sign_in(ui, "john@example.com")
        await ui.go("/documents/pr-card")
        await wait_until(ui, lambda: ui.has_key("no-pr-card"), "no card")
        assert not ui.has_key("to-certificates")
        await ui.go("/certificates")
        await wait_until(ui, lambda: ui.has_key("issue"), "the page")
        await ui.click("issue")
        await wait_until(ui, lambda: ui.has_key("form-error"), "the refusal")
        assert any("no valid Permanent Resident ID Card" in t for t in ui.texts("form-error"))


@async_test
async def test_signed_out_certificates_asks_to_sign_in() -> None:
    async with rendered_app("/certificates") as ui:
        assert ui.has_key("signin-needed")


@async_test
async def test_a_pdf_file_is_checked_in_the_app() -> None:
    """The verify page sends a picked PDF to the API; a changed byte reads "not genuine"."""
    async with rendered_app("/") as ui:
        api = ui.state.api
        await api.login(email="elena@example.com", password=DEMO_PASSWORD)
        aid = (await api.me())["applicant"]["id"]
        issued = await api.issue_certificate(aid)
        pdf = await api.certificate_pdf(issued["code"])
        assert (await certificates_state.verify_file(ui.state, pdf)).data["status"] == "valid"
        changed = bytearray(pdf)
        changed[changed.find(b"PETROVA")] = ord("X")
        outcome = await certificates_state.verify_file(ui.state, bytes(changed))
        assert outcome.data["status"] == "tampered"
