"""Choosing the language: every language on a large button, named in its own script."""

from __future__ import annotations

import flet as ft

from app.components.language import LanguageChooser
from app.components.shell import Screen
from app.state.context import use_state_ctx


@ft.component
def LanguagePage() -> ft.Control:
    """Opened from the first screen's prompt; a choice goes back there, in that language."""
    _ = use_state_ctx().tr
    page = ft.context.page
    return Screen(_("Choose your language"), [LanguageChooser(lambda: page.navigate("/"))],
                  back="/")
