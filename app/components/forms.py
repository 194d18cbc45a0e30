"""Form values kept per screen without re-rendering on each key press.

A value held in use_state would be captured by the submit handler of the last render, and
a tap that arrives right after typing would submit the old value. A ref is read at the
moment of the tap, so what was typed is always what is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft
from flet.components.hooks.use_ref import MutableRef


@dataclass
class FormValues:
    """The current text of each field of a form, by field name."""

    values: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")

    def __setitem__(self, name: str, value: str) -> None:
        self.values[name] = value

    def setter(self, name: str) -> Callable[[Any], None]:
        """An on_change/on_select handler that records the field's value."""

        def on_change(e: Any) -> None:
            self.values[name] = e.control.value or ""

        return on_change


def use_form(*names: str) -> FormValues:
    """The values of a form's fields for the lifetime of the screen."""
    ref: MutableRef[FormValues] = ft.use_ref(  # type: ignore[arg-type]
        lambda: FormValues({n: "" for n in names})
    )
    assert ref.current is not None
    return ref.current
