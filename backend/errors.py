"""Refusals with stable codes; their messages are translated when the answer is sent."""

from __future__ import annotations

from typing import Any

from backend.i18n import N_

# code -> (HTTP status, message). Codes are part of the API contract: never rename one.
ERRORS: dict[str, tuple[int, str]] = {
    "invalid_input": (422, N_("Some of the information is not valid. Please check it.")),
    "email_taken": (409, N_("An account with this e-mail address already exists.")),
    "invalid_credentials": (401, N_("The e-mail address or the password is not correct.")),
    "too_many_attempts": (
        429, N_("Too many attempts. Please wait %(minutes)s minutes and try again.")
    ),
    "not_authenticated": (401, N_("Please sign in.")),
    "session_expired": (401, N_("Your session has ended. Please sign in again.")),
    "forbidden": (403, N_("You are not allowed to do this.")),
    "staff_only": (403, N_("Only service-center staff can do this.")),
    "not_found": (404, N_("Not found.")),
    "identity_not_matched": (
        422,
        N_("We could not find a person with these details. Check them against your passport."),
    ),
    "identity_taken": (409, N_("This person is already linked to another account.")),
    "already_verified": (409, N_("Your account is already verified.")),
    "no_code_pending": (404, N_("There is no code waiting. Please ask for a new code.")),
    "code_expired": (410, N_("This code has expired. Please ask for a new code.")),
    "code_wrong": (422, N_("This code is not correct. %(left)s tries left.")),
    "code_locked": (429, N_("Too many wrong codes. Please ask for a new code.")),
    "person_exists": (409, N_("A person with this passport is already in the records.")),
    "invalid_dates": (422, N_("The end of validity must be after its start.")),
    "not_verified": (
        403, N_("Please verify your identity first. Then you can book and see your documents.")
    ),
    "service_not_offered": (422, N_("This service center does not handle this service.")),
    "outside_window": (
        422, N_("Appointments can be booked from tomorrow up to %(days)s days ahead.")
    ),
    "slot_not_found": (
        422, N_("There is no appointment at this time. Please choose a listed time.")
    ),
    "slot_full": (409, N_("This time has just been taken. Please choose another time.")),
    "already_booked": (
        409, N_("There is already an appointment for this service. Change or cancel it instead.")
    ),
    "not_active": (409, N_("This appointment is no longer active.")),
    "too_late_to_change": (
        409, N_("Appointments can be changed or cancelled until %(hours)s hours before the visit.")
    ),
    "reschedule_limit": (409, N_("This appointment has already been changed %(times)s times.")),
    "same_slot": (422, N_("This is already the time of the appointment.")),
    "unknown_checklist_item": (
        422, N_("These items are not in the checklist of this guide: %(items)s.")
    ),
    "inquiry_not_matched": (
        404,
        N_("No application matches this application number and passport number. Check both "
           "against your receipt and passport."),
    ),
    "status_not_allowed": (
        409, N_("This step cannot follow the application's current status (%(status)s).")
    ),
    "note_required": (
        422,
        N_("Please write a note: what is missing, the reason, or where and when to collect."),
    ),
    "cannot_help_self": (422, N_("This is you. You do not need to add yourself.")),
    "already_linked": (409, N_("You already help this person.")),
    "too_many_applicants": (409, N_("You can help at most %(limit)s people.")),
    "too_many_helpers": (409, N_("This person already has %(limit)s helpers.")),
    "guardian_required": (
        422,
        N_("For a child under 16, choose parent or guardian and confirm that you are their "
           "parent or legal guardian."),
    ),
    "guardian_for_minor_only": (422, N_("Guardian is only for a child under 16.")),
    "no_pr_card": (
        422, N_("There is no valid Permanent Resident ID Card on record for this person.")
    ),
    "no_passport": (422, N_("There is no valid passport on record for this person.")),
    "already_revoked": (409, N_("This document has already been revoked.")),
    "checkin_unknown": (
        404, N_("We cannot find an appointment with this reference. Check it against your "
                "confirmation and try again.")
    ),
    "checkin_too_early": (
        409, N_("It is too early to check in. Check-in opens %(minutes)s minutes before your "
                "appointment, at %(time)s.")
    ),
    "checkin_too_late": (
        409, N_("It is too late to check in: check-in closed %(minutes)s minutes after the start "
                "of your appointment. Please ask at the information desk.")
    ),
    "checkin_wrong_center": (
        409, N_("This appointment is at another service center: %(center)s, %(when)s.")
    ),
    "checkin_wrong_day": (
        409, N_("This appointment is not today. It is on %(when)s. Please come back then.")
    ),
    "checkin_not_active": (
        409, N_("This appointment was cancelled or has already been dealt with.")
    ),
    "checkin_center_closed": (
        409, N_("The center is closed at the time of this appointment. Please choose another "
                "time in the app.")
    ),
    "other_center": (
        403, N_("You work at another service center. You cannot act for this one.")
    ),
    "no_center": (403, N_("Your staff account is not tied to a service center.")),
    "queue_empty": (409, N_("Nobody is waiting.")),
    "wrong_state": (409, N_("This cannot be done now: the appointment is %(status)s.")),
    "no_show_too_early": (
        409, N_("It is too early to mark a no-show: check-in is open until %(time)s.")
    ),
    "closure_dates": (422, N_("The last day must be the first day or later.")),
    "closure_in_past": (422, N_("A closure cannot start before today.")),
    "closure_too_long": (422, N_("A closure can last at most %(days)s days.")),
    "capacity_below_booked": (
        409, N_("%(booked)s people are already booked at one time. The capacity cannot be "
                "lower than that.")
    ),
    "file_too_large": (413, N_("The file is too large (at most %(mb)s MB).")),
    "not_a_pdf": (415, N_("Please send the document as a PDF file.")),
    "body_too_large": (413, N_("The request is too large.")),
    "database_unavailable": (
        503, N_("The service is unavailable for a moment. Please try again in a minute.")
    ),
    "storage_full": (
        503, N_("The service cannot save anything at the moment: its storage is full. "
                "Nothing was changed. Please try again later.")
    ),
    "storage_read_only": (
        503, N_("The service cannot save changes at the moment. Nothing was changed. "
                "Please try again later.")
    ),
    "server_error": (500, N_("Something went wrong on our side. Please try again.")),
}


class DomainError(Exception):
    """A refusal of the domain, answered as `{"detail": {"code", "message"}}`."""

    def __init__(self, code: str, *, retry_after: int | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.retry_after = retry_after  # seconds, sent as the Retry-After header
        self.status, self.message = ERRORS[code]


def too_many_attempts(wait: int) -> DomainError:
    """429 with the wait in the message (whole minutes) and in Retry-After (seconds)."""
    return DomainError("too_many_attempts", retry_after=wait, minutes=max(1, -(-wait // 60)))
