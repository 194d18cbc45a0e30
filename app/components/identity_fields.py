"""The four fields that identify a person in the records: passport, nationality, name, birth."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import flet as ft
from babel import Locale

from app import theme
from app.components.controls import text_field
from app.components.forms import FormValues
from app.i18n import Translator
from app.state.session import FormResult

FIELDS = ("passport_no", "nationality", "full_name", "birth_date")

# Codes Babel names that are not nationalities here: mainland China and its Hong Kong,
# Macao and Taiwan regions (their residents are not foreigners), groupings, and territories
# without inhabitants of their own.
_NOT_NATIONALITIES = {
    "CN", "HK", "MO", "TW", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB",
    "AQ", "BV", "HM", "CP", "DG", "AC", "IC", "EA", "TA", "UM",
}


@lru_cache(maxsize=16)
def nationalities(locale: Locale) -> list[tuple[str, str]]:
    """(ISO code, country name in the user's language), sorted by name."""
    names = [
        (code, name)
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_NATIONALITIES
    ]
    return sorted(names, key=lambda item: _collation_key(item[1]))


def _collation_key(name: str) -> str:
    """Accents ignored, so that Åland sorts with A (Chinese names keep code-point order)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def identity_fields(
    _: Translator, form: FormValues, result: FormResult, *, on_submit: Callable[..., Any]
) -> list[ft.Control]:
    """Passport number, nationality (type to filter), full name and date of birth."""
    return [
        text_field(_("Passport number"), form["passport_no"], form.setter("passport_no"),
                   error=result.fields.get("passport_no"),
                   capitalization=ft.TextCapitalization.CHARACTERS, key="passport_no"),
        ft.Dropdown(
            key="nationality",
            label=_("Nationality"),
            value=form["nationality"] or None,
            options=[ft.DropdownOption(key=c, text=n) for c, n in nationalities(_.locale)],
            on_select=form.setter("nationality"),
            error_text=result.fields.get("nationality"),
            enable_filter=True,
            editable=True,
            menu_height=400,
            text_size=theme.size("body_large"),
            label_style=ft.TextStyle(size=theme.size("body_large")),
            error_style=ft.TextStyle(size=theme.size("body_small"), color=theme.ERROR),
            # Named, and 32 px so that Flutter's button around it is 48x48.
            trailing_icon=ft.Icon(ft.Icons.ARROW_DROP_DOWN, size=32, color=theme.PRIMARY,
                                  semantics_label=_("Show the list of countries")),
            selected_trailing_icon=ft.Icon(ft.Icons.ARROW_DROP_UP, size=32,
                                           color=theme.PRIMARY,
                                           semantics_label=_("Hide the list of countries")),
            expand=True,
            width=float("inf"),
        ),
        text_field(_("Full name as in the passport"), form["full_name"],
                   form.setter("full_name"), error=result.fields.get("full_name"),
                   key="full_name"),
        text_field(_("Date of birth"), form["birth_date"], form.setter("birth_date"),
                   error=result.fields.get("birth_date"),
                   hint=_("Year-month-day, e.g. 1990-05-17"),
                   keyboard=ft.KeyboardType.DATETIME, on_submit=on_submit, key="birth_date"),
    ]
