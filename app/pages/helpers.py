"""Help from relatives and friends: the people I help, adding one with their consent, my
helpers (for applicants) and everything done for me."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, cast

import flet as ft

from app import theme
from app.components.acting_for import relation_label
from app.components.controls import (
    banner,
    choice_button,
    info_card,
    link_button,
    loading,
    paragraph,
    primary_button,
    secondary_button,
    step_label,
    text_field,
)
from app.components.forms import use_form
from app.components.gates import access_gate
from app.components.identity_fields import identity_fields
from app.components.shell import Screen
from app.i18n import N_, Translator
from app.state import helpers as actions
from app.state.context import use_state_ctx
from app.state.session import AppState, FormResult

RELATION_HINTS = {
    "guardian": N_("Only for a child under 16: you are their legal guardian."),
    "parent": N_("You are their mother or father."),
}
ACTIONS = {
    "appointment.book": N_("Booked an appointment"),
    "appointment.reschedule": N_("Changed the time of an appointment"),
    "appointment.cancel": N_("Cancelled an appointment"),
    "identity.start": N_("Asked for an identity code"),
    "identity.confirm": N_("Verified the identity"),
    "link.start": N_("Asked to help"),
    "link.confirm": N_("Started helping"),
    "link.end": N_("Stopped helping"),
    "link.revoke": N_("Help was stopped by the applicant"),
    "records.add_person": N_("Recorded in the immigration records"),
    "records.add_document": N_("A document was recorded"),
    "records.view": N_("Looked at the records"),
    "guide.checklist": N_("Ticked the checklist of materials"),
    "certificates.issue": N_("Issued the passport and PR card document"),
    "certificates.revoke": N_("Revoked the passport and PR card document"),
    "applications.add_event": N_("Updated the progress of an application"),
}


def signed_out(state: AppState, title: str) -> ft.Control | None:
    """The sign-in screen when signed out (no identity of one's own is needed to help)."""
    return access_gate(state, title, signed_out_text=state.tr("Please sign in."),
                       need_applicant=False)


@ft.component
def PeoplePage() -> ft.Control:
    """Whom this account acts for; choose one, add one, stop helping one."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    title = _("People I help")
    gate = signed_out(state, title)
    if gate:
        return gate

    def choose(person: dict[str, Any]):  # noqa: ANN202 - returns a handler
        def handler() -> None:
            actions.select_applicant(state, int(person["id"]))
            state.flash(_("Now acting for %(name)s.", name=person["full_name"]), "/")
            page.navigate("/")

        return handler

    people = (state.me or {}).get("applicants") or []
    body: list[ft.Control] = [
        paragraph(_("You can book and check progress for relatives and friends who agreed. "
                    "Choose whose business to handle now."), role="body_medium"),
    ]
    for person in people:
        current = person["id"] == state.applicant_id
        lines = [relation_label(_, person["relation"])]
        if current:
            lines.append(_("Acting for this person now"))
        body.append(choice_button(person["full_name"], choose(person), lines=lines,
                                  icon=ft.Icons.CHECK_CIRCLE if current else ft.Icons.PERSON,
                                  key=f"applicant-{person['id']}"))
    if not any(p["relation"] != "self" for p in people):
        body.append(banner(_("You do not help anyone yet."), kind="info", key="nobody"))
    body.append(primary_button(_("Add a person"), lambda: page.navigate("/people/add"),
                               icon=ft.Icons.PERSON_ADD, key="add-person"))
    for person in people:
        if person["relation"] != "self":
            body.append(link_button(
                _("Stop helping %(name)s", name=person["full_name"]),
                # Not partial(page.navigate, ...): navigate takes **kwargs, so Flet would
                # pass the click event as a second argument and the tap would fail.
                _go(page, f"/people/{person['id']}/stop"),
                key=f"stop-{person['id']}",
            ))
    return Screen(title, body, back="/")


def _go(page: ft.Page, route: str) -> Callable[[], None]:
    """A click handler that opens `route`."""
    return lambda: page.navigate(route)


@ft.component
def AddPersonPage() -> ft.Control:
    """Add a person to help, in three steps: relation, identity, the code they received."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    form = use_form("relation", "passport_no", "nationality", "full_name", "birth_date", "code")
    step, set_step = ft.use_state(1)
    declared, set_declared = ft.use_state(False)
    result, set_result = ft.use_state(FormResult())
    sent, set_sent = ft.use_state(dict[str, Any]())
    busy, set_busy = ft.use_state(False)
    title = _("Add a person")
    gate = signed_out(state, title)
    if gate:
        return gate

    def pick(relation: str):  # noqa: ANN202 - returns a handler
        def handler() -> None:
            form["relation"] = relation
            set_result(FormResult())
            set_step(2)

        return handler

    async def send_code() -> None:
        set_busy(True)
        outcome = await actions.start_link(
            state, relation=form["relation"], guardian_declaration=declared,
            passport_no=form["passport_no"], nationality=form["nationality"],
            full_name=form["full_name"], birth_date=form["birth_date"],
        )
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            set_sent(outcome.data)
            set_step(3)

    async def confirm() -> None:
        set_busy(True)
        outcome = await actions.confirm_link(state, link_id=int(sent["link_id"]),
                                             code=form["code"])
        set_busy(False)
        set_result(outcome)
        if outcome.ok:
            state.flash(_("You can now help %(name)s. You are acting for them.",
                          name=outcome.data["full_name"]), "/people")
            page.navigate("/people")

    def back_to(n: int):  # noqa: ANN202 - returns a handler
        def handler() -> None:
            set_result(FormResult())
            set_step(n)

        return handler

    body: list[ft.Control] = [step_label(_("Step %(n)s of %(total)s", n=step, total=3))]
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    if step == 1:
        body.append(paragraph(_("How are you related to the person you want to help?")))
        for relation in actions.RELATIONS:
            hint = RELATION_HINTS.get(relation)
            body.append(choice_button(relation_label(_, relation), pick(relation),
                                      lines=[_(hint)] if hint else [],
                                      key=f"relation-{relation}"))
        return Screen(title, body, back="/people")
    if step == 2:
        body.append(paragraph(_("Enter their details exactly as in their passport. We will "
                                "send a code to their phone; they give it to you if they "
                                "agree."), role="body_medium"))
        body += identity_fields(_, form, result, on_submit=send_code)
        if form["relation"] in ("parent", "guardian"):
            body.append(ft.Checkbox(
                key="guardian-declaration",
                label=_("I declare that I am this child's parent or legal guardian "
                        "(needed for a child under 16)."),
                value=declared,
                on_change=lambda e: set_declared(bool(e.control.value)),
                label_style=ft.TextStyle(size=theme.size("body_medium")),
            ))
        body += [
            primary_button(_("Sending…") if busy else _("Send them a code"), send_code,
                           icon=ft.Icons.SMS, key="send-code", disabled=busy),
            link_button(_("Change the relation"), back_to(1), key="back-to-relation"),
        ]
        return Screen(title, body, back="/people")
    body += [
        banner(_("We sent a 6-digit code by SMS to their phone %(phone)s. Ask them for it. "
                 "It works for 10 minutes.", phone=sent.get("sent_to", "")),
               kind="info", key="code-sent"),
        text_field(_("Code they received"), form["code"], form.setter("code"),
                   error=result.fields.get("code"), keyboard=ft.KeyboardType.NUMBER,
                   on_submit=confirm, key="code"),
        primary_button(_("Checking…") if busy else _("Confirm"), confirm, icon=ft.Icons.CHECK,
                       key="confirm", disabled=busy),
        link_button(_("Change the details or send a new code"), back_to(2),
                    key="back-to-details"),
    ]
    return Screen(title, body, back="/people")


@ft.component
def StopHelpingPage() -> ft.Control:
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    aid = int(ft.use_route_params().get("aid", "0"))
    result, set_result = ft.use_state(FormResult())
    title = _("Stop helping")
    person = next((a for a in (state.me or {}).get("applicants") or []
                   if a["id"] == aid and a["relation"] != "self"), None)
    if person is None:
        return Screen(title, [banner(_("Not found."), kind="warning")], back="/people")

    async def stop() -> None:
        outcome = await actions.stop_helping(state, aid)
        set_result(outcome)
        if outcome.ok:
            state.flash(_("You no longer help %(name)s.", name=person["full_name"]), "/people")
            page.navigate("/people")

    body: list[ft.Control] = []
    if result.message:
        body.append(banner(result.message, kind="error", key="form-error"))
    body += [
        paragraph(_("Stop helping %(name)s? You will no longer see or book anything for them. "
                    "They can agree again later with a new code.", name=person["full_name"])),
        primary_button(_("Yes, stop helping"), stop, icon=ft.Icons.PERSON_REMOVE,
                       key="confirm-stop"),
        secondary_button(_("No, go back"), lambda: page.navigate("/people"), key="keep"),
    ]
    return Screen(title, body, back="/people")


def _when(_: Translator, value: str) -> str:
    return _.day_time(datetime.fromisoformat(value))


@ft.component
def MyHelpersPage() -> ft.Control:
    """For an applicant: who may act for me, since when; remove their access at once."""
    state = use_state_ctx()
    _ = state.tr
    page = ft.context.page
    helpers, set_helpers = ft.use_state(cast(FormResult | None, None))
    confirming, set_confirming = ft.use_state(None)
    title = _("My helpers")
    gate = signed_out(state, title)
    if gate:
        return gate

    async def load() -> None:
        set_helpers(await actions.load_helpers(state))

    ft.use_effect(load, dependencies=[])

    async def revoke(helper: dict[str, Any]) -> None:
        outcome = await actions.revoke_helper(state, int(helper["helper_id"]))
        set_confirming(None)
        if outcome.ok:
            state.flash(_("%(name)s can no longer act for you.", name=helper["name"]),
                        "/helpers")
        await load()

    body: list[ft.Control] = [
        paragraph(_("These people may book and check progress for you. You can remove their "
                    "access at any time; it ends at once."), role="body_medium"),
    ]
    if helpers is None:
        body.append(loading(_("Loading…")))
    elif helpers.message:
        body.append(banner(helpers.message, kind="error", key="form-error"))
    elif not helpers.data:
        body.append(banner(_("Nobody helps you at the moment."), kind="info", key="nobody"))
    else:
        for helper in helpers.data:
            lines = [helper["email"], relation_label(_, helper["relation"])]
            if helper.get("since"):
                lines.append(_("Since %(when)s", when=_when(_, helper["since"])))
            body.append(info_card(helper["name"], lines=lines, icon=ft.Icons.PERSON,
                                  key=f"helper-{helper['helper_id']}"))
            if confirming == helper["helper_id"]:
                body += [
                    banner(_("Remove the access of %(name)s?", name=helper["name"]),
                           kind="warning", key="confirm-question"),
                    primary_button(_("Yes, remove access"), partial(revoke, helper),
                                   icon=ft.Icons.PERSON_REMOVE, key="confirm-revoke"),
                    secondary_button(_("No, keep"), lambda: set_confirming(None), key="keep"),
                ]
            else:
                body.append(secondary_button(
                    _("Remove access"), partial(set_confirming, helper["helper_id"]),
                    icon=ft.Icons.PERSON_REMOVE, key=f"revoke-{helper['helper_id']}",
                ))
    body.append(link_button(_("What was done for me"), lambda: page.navigate("/activity"),
                            key="to-activity"))
    return Screen(title, body, back="/account")


@ft.component
def ActivityPage() -> ft.Control:
    """Every action recorded for the applicant: when, who, what."""
    state = use_state_ctx()
    _ = state.tr
    events, set_events = ft.use_state(cast(FormResult | None, None))
    title = _("What was done for %(name)s", name=state.applicant_name) if state.me else ""
    gate = signed_out(state, _("Activity"))
    if gate:
        return gate

    async def load() -> None:
        set_events(await actions.load_activity(state))

    ft.use_effect(load, dependencies=[state.applicant_id])
    who = {"self": _("You"), "staff": _("Staff"), "system": _("The system")}
    body: list[ft.Control] = []
    if events is None:
        body.append(loading(_("Loading…")))
    elif events.message:
        body.append(banner(events.message, kind="error", key="form-error"))
    elif not events.data:
        body.append(banner(_("Nothing recorded yet."), kind="info", key="nothing"))
    else:
        for event in events.data:
            if event["actor_is"] == "helper":
                actor = _("%(name)s (helper)", name=event["actor"])
            elif event["actor_is"] == "self" and state.applicant and (
                state.applicant["relation"] != "self"
            ):
                actor = event["actor"]
            else:
                actor = who.get(event["actor_is"], event["actor"])
            label = ACTIONS.get(event["action"])
            what = _(label) if label else event["action"]
            if event["outcome"] != "ok":
                what = _("%(what)s (refused)", what=what)
            body.append(info_card(what, lines=[actor, _when(_, event["at"])],
                                  icon=ft.Icons.HISTORY))
    return Screen(title, body, back="/account")
