"""QR codes as PNG images, made on the server (no image service, no internet)."""

from __future__ import annotations

import io
from functools import lru_cache

import flet as ft
import qrcode
from qrcode.constants import ERROR_CORRECT_M


@lru_cache(maxsize=64)
def qr_png(text: str) -> bytes:
    """A black-on-white QR code of `text` with the quiet zone scanners need."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def qr_image(text: str, *, label: str, size: int = 220, key: str | None = None) -> ft.Control:
    """The QR code of `text`, `size` px square, described to screen readers by `label`."""
    return ft.Semantics(
        identifier=key,
        image=True,
        label=label,
        content=ft.Image(src=qr_png(text), width=size, height=size,
                         fit=ft.BoxFit.CONTAIN, filter_quality=ft.FilterQuality.NONE),
    )
