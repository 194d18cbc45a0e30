"""The directory of service centers: search and filters, a center's page, and the address
shown large in Chinese for a taxi driver."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import flet as ft

from app import theme
from app.components.controls import (
    banner,
    choice_button,
    detail_row,
    heading,
    link_button,
    loading,
    paragraph,
    primary_button,
    secondary_button,
    switch_row,
    tagged,
    text_field,
)
from app.components.forms import use_form
from app.components.language import use_chinese_font
from app.components.shell import Screen
from app.i18n import CENTER_TZ, Translator
from app.pages.booking.common import error_banner, note, use_loaded
from app.state import directory
from app.state.context import use_state_ctx
from app.state.session import AppState, FormResult

ANY = "any"
# Each status's icon and the name of its colour in the theme (resolved per session).
STATUS_ICONS = {
    "open": (ft.Icons.CHECK_CIRCLE, "SUCCESS"),
    "closes_soon": (ft.Icons.SCHEDULE, "WARNING"),
    "closed": (ft.Icons.DO_NOT_DISTURB_ON, "ERROR"),
}


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(CENTER_TZ)


def _when(_: Translator, moment: datetime, today: date) -> str:
    """"today at 13:30", "tomorrow at 09:00", "Monday, February 2 at 09:00"."""
    clock = _.time(moment)
    if moment.date() == today:
        return _("today at %(time)s", time=clock)
    if moment.date() == today + timedelta(days=1):
        return _("tomorrow at %(time)s", time=clock)
    return _("%(day)s at %(time)s", day=_.weekday_date(moment.date()), time=clock)


def status_words(_: Translator, status: dict[str, Any] | None) -> str:
    """Open now, closing soon or closed, in words, with the times a visitor needs."""
    if not status:
        return ""
    today = datetime.now(CENTER_TZ).date()
    until = _moment(status["until"]) if status.get("until") else None
    opens = _moment(status["opens_at"]) if status.get("opens_at") else None
    if status["state"] == "open" and until:
        return _("Open now, until %(time)s", time=_.time(until))
    if status["state"] == "closes_soon" and until:
        if opens and opens.date() == until.date():
            return _("Closes soon, at %(time)s. Opens again at %(again)s.",
                     time=_.time(until), again=_.time(opens))
        return _("Closes soon, at %(time)s", time=_.time(until))
    if opens:
        return _("Closed now. Opens %(when)s", when=_when(_, opens, today))
    return _("Closed now")


def status_line(_: Translator, status: dict[str, Any] | None, *, key: str | None = None
                ) -> ft.Control:
    """The status in words beside its icon (never colour alone); with a `key`, a node of its
    own for screen readers (inside a button, part of the button's name)."""
    icon, colour_name = STATUS_ICONS.get((status or {}).get("state", "closed"),
                                         STATUS_ICONS["closed"])
    colour = getattr(theme, colour_name)
    row = ft.Row(
        [ft.Icon(icon, color=colour, size=26),
         ft.Text(status_words(_, status), size=theme.size("body_medium"), color=colour,
                 weight=ft.FontWeight.W_600, expand=True)],
        spacing=8,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    if key is None:
        return row
    return ft.Semantics(container=True, identifier=key, content=row)


def next_free_words(_: Translator, center: dict[str, Any]) -> str:
    day = center.get("next_available")
    if not center.get("services"):
        return _("No online booking at this center")
    if not day:
        return _("No free places in the booking period")
    return _("Next free day: %(day)s", day=_.weekday_date(date.fromisoformat(day)))


def center_card(_: Translator, center: dict[str, Any], on_click: Any) -> ft.Control:
    """One center of the results: a full-width button read as city, name, status, free day."""
    return tagged(ft.OutlinedButton(
        key=f"center-{center['id']}",
        on_click=on_click,
        width=float("inf"),
        style=ft.ButtonStyle(
            shape=ft.RoundedRectangleBorder(radius=12),
            padding=ft.Padding.symmetric(horizontal=16, vertical=14),
            side=theme.focus_side(ft.BorderSide(2, theme.PRIMARY)),
        ),
        content=ft.Row(
            [
                ft.Column(
                    [
                        ft.Text(center["city"], size=theme.size("title_medium"),
                                weight=ft.FontWeight.W_600, color=theme.TEXT),
                        ft.Text(center["name"], size=theme.size("body_medium"), color=theme.TEXT),
                        status_line(_, center.get("status")),
                        ft.Text(next_free_words(_, center), size=theme.size("body_medium"),
                                color=theme.MUTED),
                    ],
                    spacing=4,
                    expand=True,
                ),
                ft.Icon(ft.Icons.CHEVRON_RIGHT, size=theme.icon_size(28), color=theme.PRIMARY),
            ],
            spacing=12,
        ),
    ), f"center-{center['id']}")


@ft.component
def FilterPicker(name: str, title: str, value: str, options: list[tuple[str, str]],
                 on_pick: Any) -> ft.Control:
    """A filter as one large button ("Province: All provinces") that opens its choices below
    it, each a large button too; the chosen one says so in words, not only by its icon."""
    state = use_state_ctx()
    _ = state.tr
    opened, set_opened = ft.use_state(False)
    current = next((label for key, label in options if key == (value or ANY)), options[0][1])

    def pick(key: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            set_opened(False)
            await on_pick(key)

        return handler

    controls: list[ft.Control] = [
        choice_button(_("%(filter)s: %(choice)s", filter=title, choice=current),
                      lambda: set_opened(not opened),
                      icon=ft.Icons.EXPAND_LESS if opened else ft.Icons.FILTER_LIST,
                      key=f"filter-{name}"),
    ]
    if opened:
        controls += [
            choice_button(label, pick(key), key=f"{name}-{key}",
                          icon=(ft.Icons.RADIO_BUTTON_CHECKED if key == (value or ANY)
                                else ft.Icons.RADIO_BUTTON_UNCHECKED),
                          lines=[_("Chosen")] if key == (value or ANY) else None)
            for key, label in options
        ]
    return ft.Column(controls, spacing=8)


@ft.component
def CentersPage() -> ft.Control:
    """Search by name or city (English, pinyin or Chinese), filter, sort, open a center."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    query = state.directory
    form = use_form("q")
    restored = ft.use_ref(False)
    if not restored.current:  # the last search, when coming back from a center
        form["q"], restored.current = query.q, True
    filters, _reload_filters = use_loaded(lambda: directory.load_filters(state), [state.lang])
    found, _research = use_loaded(lambda: directory.search(state), [state.lang, query])

    async def search() -> None:
        directory.set_query(state, q=form["q"])

    def choose(field: str):  # noqa: ANN202 - returns an async handler
        async def handler(value: str) -> None:
            directory.set_query(state, **{field: "" if value == ANY else value})

        return handler

    async def toggle_sort(e: Any) -> None:
        directory.set_query(state, soonest_first=bool(e.control.value))

    def open_center(center: dict[str, Any]):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            page.navigate(f"/centers/{center['id']}")

        return handler

    body: list[ft.Control] = [
        paragraph(_("Where to go: addresses, opening hours and phone numbers of the exit-entry "
                    "service centers."), role="body_medium"),
        text_field(_("City or name of the center"), form["q"], form.setter("q"),
                   hint=_("For example Beijing, beijing or 北京"), on_submit=search, key="q"),
        secondary_button(_("Search"), search, icon=ft.Icons.SEARCH, key="search"),
    ]
    if filters is not None and filters.ok:
        services = [(ANY, _("All services"))] + [
            (s["code"], s["name"]) for s in filters.data["services"]]
        provinces = [(ANY, _("All provinces"))] + [
            (p["province"], p["name"]) for p in filters.data["provinces"]]
        body += [
            FilterPicker("service", _("Service"), query.service, services, choose("service")),
            FilterPicker("province", _("Province"), query.province, provinces,
                         choose("province")),
        ]
    body.append(switch_row(_("Soonest free day first"), query.soonest_first, toggle_sort,
                           key="sort-soonest"))
    body += error_banner(found)
    if found is None:
        body.append(loading(_("Looking for service centers…")))
    elif found.ok:
        centers = found.data
        count = (_("No service center matches. Try the name of a city.") if not centers else
                 _("1 service center") if len(centers) == 1 else
                 _("%(n)s service centers", n=_.number(len(centers))))
        body.append(ft.Semantics(live_region=True, identifier="centers-count", container=True,
                                 content=ft.Text(count, size=theme.size("body_medium"),
                                                 color=theme.MUTED)))
        body += [center_card(_, c, open_center(c)) for c in centers]
    body.append(banner(_("Sample data for a demonstration, not official. Check with the center "
                         "or the NIA hotline 12367 before you go."), key="sample-centers"))
    return Screen(_("Service centers"), body, back="/")


def _hours_text(_: Translator, periods: list[dict[str, Any]]) -> str:
    if not periods:
        return _("Closed")
    return ", ".join(
        f"{_.clock(time.fromisoformat(p['opens']))}–{_.clock(time.fromisoformat(p['closes']))}"
        for p in periods
    )


def weekly_hours(_: Translator, hours: list[dict[str, Any]]) -> list[ft.Control]:
    """Monday to Sunday, each with its opening periods (or "Closed"), in the user's language."""
    return [
        detail_row(_.weekday_name(day),
                   _hours_text(_, [h for h in hours if h["weekday"] == day]),
                   key=f"hours-{day}")
        for day in range(7)
    ]


def _days(_: Translator, first: str, last: str) -> str:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    if a == b:
        return _.weekday_date(a)
    return _("%(first)s to %(last)s", first=_.weekday_date(a), last=_.weekday_date(b))


def closures(_: Translator, center: dict[str, Any]) -> list[ft.Control]:
    """Holidays and closures of the next 30 days, and the weekend days it opens instead."""
    rows: list[ft.Control] = []
    for c in center.get("closed_days") or []:
        what = c["name"] or (_("Public holiday") if c["kind"] == "holiday" else _("Closed"))
        rows.append(detail_row(_days(_, c["date_from"], c["date_to"]),
                               _("Closed: %(reason)s", reason=what),
                               key=f"closed-{c['date_from']}"))
    for d in center.get("extra_days") or []:
        rows.append(detail_row(_.weekday_date(date.fromisoformat(d["date"])),
                               _("Open (%(reason)s): %(hours)s", reason=d["name"],
                                 hours=_hours_text(_, d["hours"])),
                               key=f"extra-{d['date']}"))
    if not rows:
        rows.append(note(_("No holidays or closures in the next 30 days."), key="no-closures"))
    return rows


@ft.component
def CenterDetails(center: dict[str, Any], service_names: dict[str, str]) -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    zh = state.lang == "zh"
    copied, set_copied = ft.use_state(False)
    use_chinese_font()  # the name and address in Chinese are shown in every language

    async def copy_address() -> None:
        await ft.Clipboard().set(center["address_zh"])
        set_copied(True)

    def call(number: str):  # noqa: ANN202 - returns an async handler
        async def handler() -> None:
            await ft.UrlLauncher().launch_url(f"tel:{number}")

        return handler

    async def book() -> None:
        directory.book_here(state, center)
        page.navigate("/book")

    body: list[ft.Control] = [
        heading(center["name"], level=2, key="center-name"),
        detail_row(_("Name in English") if zh else _("Name in Chinese"),
                   center["name_en"] if zh else center["name_zh"], key="other-name"),
        status_line(_, center.get("status"), key="status"),
    ]
    if not center.get("hours_verified"):
        body.append(banner(_("These opening hours are sample data, not verified. Please call "
                             "the center before you go."), kind="warning", key="hours-sample"))
    body += [
        heading(_("Address"), level=2),
        detail_row(_("In English"), center["address_en"], key="address-en"),
        detail_row(_("In Chinese"), center["address_zh"], key="address-zh"),
        primary_button(_("Show to a taxi driver"),
                       lambda: page.navigate(f"/centers/{center['id']}/taxi"),
                       icon=ft.Icons.LOCAL_TAXI, key="taxi"),
        secondary_button(_("Copy the address in Chinese"), copy_address,
                         icon=ft.Icons.CONTENT_COPY, key="copy-address"),
    ]
    if copied:
        body.append(banner(_("The address in Chinese is copied. You can paste it into a map "
                             "or a taxi app."), kind="success", key="copied"))
    body.append(heading(_("Phone"), level=2))
    numbers = directory.phone_numbers(center.get("phone"))
    if numbers:
        body += [secondary_button(_("Call %(phone)s", phone=shown), call(dial),
                                  icon=ft.Icons.PHONE, key=f"call-{i}")
                 for i, (shown, dial) in enumerate(numbers)]
    else:
        body.append(note(_("No phone number known. The NIA hotline is 12367."), key="no-phone"))
    body += [
        heading(_("Opening hours"), level=2),
        *weekly_hours(_, center["hours"]),
        heading(_("Holidays and closures"), level=2),
        *closures(_, center),
        heading(_("Services"), level=2),
    ]
    if center["services"]:
        body += [paragraph(f"• {service_names.get(code, code)}", key=f"service-{code}")
                 for code in center["services"]]
        body += [
            paragraph(next_free_words(_, center), role="body_medium", key="next-free"),
            primary_button(_("Book here"), book, icon=ft.Icons.EVENT_AVAILABLE, key="book-here"),
        ]
    else:
        body.append(note(_("None of the services that can be booked online is handled here."),
                         key="no-services"))
    body += [
        link_button(_("What do I need to bring?"), lambda: page.navigate("/guides"),
                    key="to-guides"),
        banner(_("Sample data for a demonstration, not official. Check with the center or the "
                 "NIA hotline 12367 before you go."), key="sample-centers"),
    ]
    # The city as the title: a center's full name would fill the top bar on a phone.
    return Screen(center["city"], body, back="/centers")


def _center_id() -> int | None:
    raw = ft.use_route_params().get("id", "")
    return int(raw) if raw.isdigit() else None


@ft.component
def CenterPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    center_id = _center_id()
    result, _reload = use_loaded(lambda: _load(state, center_id), [state.lang, center_id])
    if result is None:
        return Screen(_("Service center"), [loading(_("Loading…"))], back="/centers")
    if not result.ok:
        return Screen(_("Service center"), error_banner(result), back="/centers")
    return CenterDetails(result.data["center"], result.data["services"])


async def _load(state: AppState, center_id: int | None) -> FormResult:
    if center_id is None:
        _ = state.tr
        return FormResult(message=_("There is no page at this address."))
    return await directory.load_center(state, center_id)


# Shown to the driver whatever the app's language.
TAXI_REQUEST = "师傅您好，请送我到这里："


@ft.component
def TaxiPage() -> ft.Control:
    """The center's name and address in large Chinese characters, for a taxi driver."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    center_id = _center_id()
    result, _reload = use_loaded(lambda: _load(state, center_id), [center_id])
    use_chinese_font()
    back = f"/centers/{center_id}" if center_id is not None else "/centers"
    close = ft.Row(
        [ft.Semantics(
            container=True,
            identifier="taxi-hint",
            content=ft.Text(_("Show this screen to the taxi driver."),
                            size=theme.size("body_medium"), color=theme.MUTED),
            expand=True,
        ),
         # "Close" in words as well as the cross: clearer, and named for screen readers.
         secondary_button(_("Close"), lambda: page.navigate(back), icon=ft.Icons.CLOSE,
                          key="close-taxi", full_width=False)],
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    content: list[ft.Control] = [close]
    if result is None:
        content.append(loading(_("Loading…")))
    elif not result.ok:
        content += error_banner(result)
    else:
        center = result.data["center"]
        content += [
            # The screen's heading (for the driver, in Chinese whatever the app's language).
            ft.Semantics(
                header=True, heading_level=1, identifier="taxi-title",
                content=ft.Text(TAXI_REQUEST, size=30, color=theme.TEXT, key="taxi-request"),
            ),
            ft.Semantics(
                container=True, identifier="taxi-address",
                content=ft.Text(center["address_zh"], size=46, weight=ft.FontWeight.W_700,
                                color=theme.TEXT),
            ),
            ft.Semantics(
                container=True, identifier="taxi-name",
                content=ft.Text(center["name_zh"], size=32, weight=ft.FontWeight.W_600,
                                color=theme.TEXT),
            ),
        ]
        if center.get("phone"):
            content.append(ft.Text(center["phone"], size=26, color=theme.MUTED))
    return ft.Container(
        expand=True,
        bgcolor=theme.BACKGROUND,
        padding=ft.Padding.symmetric(horizontal=20, vertical=12),
        content=ft.ListView(content, spacing=24, expand=True),
    )
