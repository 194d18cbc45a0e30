"""Hands the session's AppState to every component without passing it down by hand."""

from __future__ import annotations

import flet as ft

from app.i18n import Translator
from app.state.session import AppState

StateContext: ft.ContextProvider[AppState | None] = ft.create_context(None)


def use_state_ctx() -> AppState:
    """The AppState of this session (components re-render when its fields change)."""
    state = ft.use_context(StateContext)
    assert isinstance(state, AppState), "components must render inside StateContext"
    return state


def use_tr() -> Translator:
    """The translator of the session's current language."""
    return use_state_ctx().tr
