"""The document as a PDF (fpdf2): the fields, the code in large type, a QR code to the
app's verification page, a drawn seal marked as a sample, and the signed payload inside.

The output is deterministic (fixed dates, no random file id), so the server can tell a
file it issued from one with a changed byte by rendering it again.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import qrcode
from fpdf import FPDF
from qrcode.constants import ERROR_CORRECT_M

from backend.config import ROOT, get_settings
from backend.models import Certificate
from backend.services import certificates

FONT_PATH = ROOT / "assets" / "fonts" / "NotoSansSC-Regular.otf"
CJK = "noto"
SEAL_RED = (178, 34, 34)
SAMPLE = "SAMPLE \u2014 NOT AN OFFICIAL DOCUMENT"


def verify_url(code: str) -> str:
    return f"{get_settings().public_url.rstrip('/')}/verify-document?{urlencode({'code': code})}"


@lru_cache(maxsize=256)
def _qr_png(text: str) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


def _day(value: str | None) -> str:
    return date.fromisoformat(value).strftime("%d %B %Y") if value else "-"


def _moment(value: str) -> str:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%d %B %Y, %H:%M UTC")


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


class _Doc(FPDF):
    def __init__(self, has_cjk: bool) -> None:
        super().__init__(format="A4")
        self.has_cjk = has_cjk
        if has_cjk:
            self.add_font(CJK, "", str(FONT_PATH))

    def text_font(self, value: str, size: float, bold: bool = False) -> None:
        """Helvetica for Latin text; the embedded CJK font for anything else."""
        if _latin1(value) or not self.has_cjk:
            self.set_font("helvetica", "B" if bold else "", size)
        else:
            self.set_font(CJK, "", size)


def _font_available(path: Path) -> bool:
    return path.is_file()


def render(cert: Certificate) -> bytes:
    """The PDF of `cert` (the same bytes every time for the same certificate)."""
    p = cert.payload
    has_cjk = _font_available(FONT_PATH)
    pdf = _Doc(has_cjk)
    issued = datetime.fromisoformat(p["issued_at"].replace("Z", "+00:00"))
    pdf.set_creation_date(issued)
    pdf.file_id = lambda: -1  # type: ignore[method-assign,assignment,return-value]
    pdf.set_title("Passport and PR card document")
    pdf.set_author("Online immigration services (sample)")
    pdf.set_subject(f"Verification code {certificates.display_code(cert.code)}")
    pdf.set_keywords(certificates.envelope(cert))
    pdf.set_auto_page_break(False)
    pdf.add_page()

    pdf.set_font("helvetica", "B", 20)
    pdf.cell(0, 10, "Passport and PR card document", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(0, 6, "An electronic document linking the holder's passport and Foreign "
                   "Permanent Resident ID Card, signed by the issuing server (Ed25519).",
                   align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    holder, passport, card = p["holder"], p["passport"], p["pr_card"]
    rows: list[tuple[str, str]] = [("Name", holder["name_latin"])]
    if holder.get("name_chinese") and has_cjk:
        rows.append(("Chinese name", holder["name_chinese"]))
    rows += [
        ("Nationality", holder["nationality"]),
        ("Date of birth", _day(holder.get("birth_date"))),
        ("Passport number", passport["number"]),
        ("Passport valid", f"{_day(passport.get('valid_from'))} - {_day(passport['valid_to'])}"),
        ("PR card number", card["number"]),
        ("PR card valid", f"{_day(card['valid_from'])} - {_day(card['valid_to'])}"),
        ("Issued", _moment(p["issued_at"])),
        ("Valid until", _moment(p["expires_at"])),
        ("Signing key", p["key_id"]),
    ]
    for label, value in rows:
        pdf.set_font("helvetica", "", 11)
        pdf.cell(50, 9, label)
        pdf.text_font(value, 13, bold=True)
        pdf.cell(0, 9, value, new_x="LMARGIN", new_y="NEXT")

    pdf.ln(6)
    pdf.set_font("helvetica", "", 11)
    pdf.cell(0, 7, "Verification code", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("courier", "B", 30)
    pdf.cell(0, 15, certificates.display_code(cert.code), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 10)
    url = verify_url(cert.code)
    pdf.multi_cell(120, 5, f"Check this document at {url} or scan the QR code. Banks and "
                   "other institutions can also send this PDF file to the verification "
                   "service: a changed byte makes the check fail.",
                   align="L", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 4
    pdf.image(io.BytesIO(_qr_png(url)), x=pdf.l_margin, y=top, w=45, h=45)

    # The seal: two red circles and the words of a sample, never an official stamp.
    cx, cy, r = 150.0, top + 24, 24.0
    pdf.set_draw_color(*SEAL_RED)
    pdf.set_text_color(*SEAL_RED)
    pdf.set_line_width(1.2)
    pdf.ellipse(cx - r, cy - r, 2 * r, 2 * r)
    pdf.set_line_width(0.4)
    pdf.ellipse(cx - r + 3, cy - r + 3, 2 * r - 6, 2 * r - 6)
    pdf.set_font("helvetica", "B", 16)
    pdf.set_xy(cx - r, cy - 7)
    pdf.cell(2 * r, 8, "SAMPLE", align="C")
    pdf.set_font("helvetica", "", 6)
    pdf.set_xy(cx - r, cy + 1)
    pdf.cell(2 * r, 4, "NOT AN OFFICIAL", align="C")
    pdf.set_xy(cx - r, cy + 5)
    pdf.cell(2 * r, 4, "DOCUMENT", align="C")
    pdf.set_text_color(0, 0, 0)

    pdf.set_xy(pdf.l_margin, top + 55)
    if has_cjk:
        pdf.set_font(CJK, "", 12)
    else:
        pdf.set_font("helvetica", "B", 12)
    pdf.set_text_color(*SEAL_RED)
    pdf.cell(0, 8, SAMPLE if has_cjk else SAMPLE.replace("\u2014", "-"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("helvetica", "", 8)
    pdf.multi_cell(0, 4, "Generated by a demonstration of online immigration services. "
                   "The people and documents are fictional.", align="L")
    return bytes(pdf.output())
