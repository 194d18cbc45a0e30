"""The guides to the five services: the list, and one guide with its checklist of materials.

The content comes from the API (data files per language on the server); this module only
lays it out: sections as headings, lists as separate nodes for screen readers, fees
formatted for the user's locale.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlparse

import flet as ft

from app import theme
from app.components.controls import (
    banner,
    choice_button,
    heading,
    loading,
    paragraph,
    primary_button,
    secondary_button,
)
from app.components.shell import Screen
from app.i18n import Translator
from app.pages.booking.common import error_banner, note, use_loaded
from app.pages.booking.service import SERVICE_ICONS
from app.state import booking, directory
from app.state.context import use_state_ctx
from app.state.session import AppState

# Where a guide's back arrow goes, by the `?back=` it was opened with (nothing else is
# accepted, so an address cannot send the user anywhere else).
BACK = {"book": "/book", "review": "/book/review", "done": "/book/done"}


def _back_param() -> str:
    route = ft.context.page.route or ""
    return parse_qs(urlparse(route).query).get("back", [""])[0]


@ft.component
def GuidesPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    back = _back_param()
    guides, _reload = use_loaded(lambda: directory.load_guides(state), [state.lang])
    suffix = f"?back={back}" if back in BACK else ""

    def open_guide(service: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            page.navigate(f"/guides/{service}{suffix}")

        return handler

    body: list[ft.Control] = [
        paragraph(_("What each service is for, what to bring, how it works, how long it takes "
                    "and what it costs."), role="body_medium"),
        *error_banner(guides),
    ]
    if guides is None:
        body.append(loading(_("Loading…")))
    elif guides.ok:
        body += [
            choice_button(g["title"], open_guide(g["service"]), lines=[g["summary"]],
                          icon=SERVICE_ICONS.get(g["service"]), key=f"guide-{g['service']}")
            for g in guides.data
        ]
    return Screen(_("Guides"), body, back="/book" if back == "book" else "/")


def bullets(items: list[str], *, key: str) -> list[ft.Control]:
    """A list whose items a screen reader reads one by one."""
    return [
        ft.Semantics(
            container=True,
            identifier=f"{key}-{i}",
            content=ft.Row(
                [ft.Container(ft.Icon(ft.Icons.CIRCLE, size=10, color=theme.PRIMARY),
                              padding=ft.Padding.only(top=11)),
                 ft.Text(item, size=theme.size("body_large"), expand=True)],
                spacing=12,
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        )
        for i, item in enumerate(items)
    ]


def steps(items: list[str], *, key: str) -> list[ft.Control]:
    """Numbered steps, each read with its number."""
    return [
        ft.Semantics(
            container=True,
            identifier=f"{key}-{i}",
            content=ft.Row(
                [ft.Text(f"{i + 1}.", size=theme.size("body_large"), color=theme.PRIMARY,
                         weight=ft.FontWeight.W_700, width=round(36 * theme.current().scale)),
                 ft.Text(item, size=theme.size("body_large"), expand=True)],
                spacing=6,
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        )
        for i, item in enumerate(items)
    ]


def fee_rows(_: Translator, fees: dict[str, Any]) -> list[ft.Control]:
    rows: list[ft.Control] = []
    for item in fees["items"]:
        amount = _.fee(Decimal(str(item["amount"])), fees.get("currency", "CNY"))
        rows.append(ft.Semantics(
            container=True,
            identifier=f"fee-{item['key']}",
            content=ft.Row(
                [ft.Text(item["label"], size=theme.size("body_large"), expand=True),
                 ft.Text(amount, size=theme.size("body_large"), weight=ft.FontWeight.W_700)],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        ))
    return rows


def source_link(title: str, on_click: Any, *, key: str) -> ft.Control:
    """A source's title that opens it; long titles wrap (the button grows, never clips)."""
    return ft.TextButton(
        key=key,
        on_click=on_click,
        width=float("inf"),
        style=ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=12),
                             alignment=ft.Alignment.CENTER_LEFT),
        content=ft.Row(
            [ft.Icon(ft.Icons.OPEN_IN_NEW, size=22, color=theme.PRIMARY),
             ft.Text(title, size=theme.size("body_medium"), color=theme.PRIMARY, expand=True)],
            spacing=10,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    )


def checklist_owner(state: AppState) -> str:
    _ = state.tr
    if state.applicant_id is not None:
        return _("Your ticks are saved for %(name)s.", name=state.applicant_name)
    return _("Your ticks are kept until you close the app. Sign in to save them.")


@ft.component
def Checklist(service: str, materials: list[dict[str, Any]], ticked: frozenset[str]
              ) -> ft.Control:
    """The materials as big labelled checkboxes; each tick is saved at once."""
    state = use_state_ctx()
    _ = state.tr
    current, set_current = ft.use_state(ticked)
    problem, set_problem = ft.use_state("")
    # What the server says when the screen (re)loads: another guide, language or applicant.
    ft.use_effect(lambda: set_current(ticked), dependencies=[service, ticked])

    async def save(key: str, on: bool) -> None:
        chosen = set(current)
        if on:
            chosen.add(key)
        else:
            chosen.discard(key)
        set_current(frozenset(chosen))
        result = await directory.tick(state, service, frozenset(chosen))
        set_problem(result.message or "")
        if result.ok:
            set_current(result.data)

    def on_box(key: str):  # noqa: ANN202 - returns an async handler
        async def handler(e: Any) -> None:
            await save(key, bool(e.control.value))

        return handler

    def on_text(key: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            await save(key, key not in current)

        return handler

    rows: list[ft.Control] = [
        note(checklist_owner(state), key="checklist-owner"),
    ]
    for item in materials:
        key = item["key"]
        texts: list[ft.Control] = [ft.Text(item["text"], size=theme.size("body_large"))]
        if item.get("detail"):
            texts.append(ft.Text(item["detail"], size=theme.size("body_medium"),
                                 color=theme.MUTED))
        # One node for a screen reader: the checkbox, named by its text. The box is drawn
        # large, and a tap on the text ticks it too.
        rows.append(ft.MergeSemantics(content=ft.Row(
            [
                ft.Container(
                    ft.Checkbox(key=f"item-{key}", value=key in current, on_change=on_box(key),
                                scale=1.5, border_side=ft.BorderSide(2, theme.PRIMARY)),
                    width=56, height=56, alignment=ft.Alignment.CENTER,
                ),
                ft.Container(ft.Column(texts, spacing=2), expand=True, on_click=on_text(key),
                             padding=ft.Padding.only(top=12, bottom=4)),
            ],
            spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.START,
        )))
    done = sum(1 for m in materials if m["key"] in current)
    rows.append(ft.Semantics(
        live_region=True, container=True, identifier="checklist-count",
        content=ft.Text(_("%(done)s of %(total)s ready", done=done, total=len(materials)),
                        size=theme.size("body_medium"), weight=ft.FontWeight.W_600,
                        color=theme.MUTED),
    ))
    if problem:
        rows.append(banner(problem, kind="error", key="checklist-error"))
    return ft.Column(rows, spacing=12)


@ft.component
def GuideDetails(guide: dict[str, Any], ticked: frozenset[str], back: str) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    service = guide["service"]

    async def book() -> None:
        booking.choose_service(state, {"code": service, "name": guide["title"]})
        page.navigate("/book/center")

    async def find_center() -> None:
        directory.set_query(state, service=service)
        page.navigate("/centers")

    def open_source(url: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            await ft.UrlLauncher().launch_url(url)

        return handler

    body: list[ft.Control] = [paragraph(guide["summary"], key="summary")]
    if guide.get("lang") != state.lang:
        body.append(banner(_("This guide is not available in your language yet. It is shown "
                             "in English."), kind="info", key="guide-language"))
    body += [
        heading(_("Who it is for"), level=2, key="who-for"),
        *bullets(guide["who_for"], key="who"),
        heading(_("Requirements"), level=2, key="requirements"),
        *bullets(guide["requirements"], key="req"),
        heading(_("What to bring"), level=2, key="materials"),
        Checklist(service, guide["materials"], ticked),
        heading(_("Procedure"), level=2, key="procedure"),
        *steps(guide["procedure"], key="step"),
        heading(_("How to apply"), level=2, key="method"),
        *bullets(guide["method"], key="method"),
        heading(_("Processing time"), level=2, key="processing-time"),
        *bullets(guide["processing_time"], key="time"),
        heading(_("Fees"), level=2, key="fees"),
    ]
    if guide["fees"].get("sample", True):
        body.append(banner(_("Sample fee standards: amounts from published local lists. They "
                             "are not official and may differ where you apply."),
                           kind="warning", key="sample-fees"))
    body += [
        *fee_rows(_, guide["fees"]),
        *bullets(guide["fees"].get("notes") or [], key="fee-note"),
        heading(_("Where to apply"), level=2, key="where"),
        *bullets(guide["where_to_apply"], key="where"),
        secondary_button(_("Find a service center"), find_center, icon=ft.Icons.PLACE,
                         key="find-center"),
    ]
    if back not in ("review", "done"):
        body.append(primary_button(_("Book an appointment for this service"), book,
                                   icon=ft.Icons.EVENT_AVAILABLE, key="book-service"))
    body += [
        heading(_("Sources"), level=2, key="sources"),
        note(_("Public sources we built this guide from. It is a summary for a demonstration, "
               "not official advice: check with the exit-entry office."), key="sources-note"),
        *[source_link(s["title"], open_source(s["url"]), key=f"source-{s['key']}")
          for s in guide["sources"]],
    ]
    if back in BACK and back != "book":
        body.append(secondary_button(
            _("Back to my booking") if back == "review" else _("Back to my appointment"),
            lambda: page.navigate(BACK[back]), icon=ft.Icons.ARROW_BACK, key="back-to-booking"))
    return Screen(guide["title"], body,
                  back=BACK[back] if back in ("review", "done") else
                  ("/guides?back=book" if back == "book" else "/guides"))


@ft.component
def GuidePage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    service = ft.use_route_params().get("service", "")
    back = _back_param()
    result, _reload = use_loaded(lambda: directory.load_guide(state, service),
                                 [state.lang, service, state.applicant_id])
    fallback = BACK.get(back, "/guides") if back in ("review", "done") else "/guides"
    if result is None:
        return Screen(_("Guides"), [loading(_("Loading…"))], back=fallback)
    if not result.ok:
        return Screen(_("Guides"), error_banner(result), back=fallback)
    return GuideDetails(result.data["guide"], result.data["ticked"], back)
