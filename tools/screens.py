"""Every screen of the app and how to reach it with its content, in one list.

The accessibility test (tests/e2e/test_accessibility_e2e.py) and `make screenshots` both walk
this list. A route added to app/app.py needs a Visit here: tests/app/test_screen_list.py
fails until it has one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Visit:
    """One screen to look at.

    `route` is the pattern in app.app.ROUTES; `path` the address opened ({ref}: an upcoming
    appointment of the account, made by the test before it starts). `account` is who is
    signed in: a demo account's name ("maria" for maria@example.com), "newcomer" (an
    account not yet verified), or None. `taps` are the Semantics identifiers of the buttons
    to tap, in order, after opening (`prefix*`: the first enabled one whose identifier
    starts with `prefix`; {ref} as in `path`, {day}: a day whose appointments can still be
    cancelled), for screens reached only through the ones before them.
    """

    route: str
    path: str
    account: str | None = None
    taps: tuple[str, ...] = ()
    name: str = ""

    @property
    def slug(self) -> str:
        """A file name for the screen ("book-day", "home")."""
        if self.name:
            return self.name
        return self.route.replace("/:", "-").replace("/", "-").replace(":", "") or "home"


# The day: one the walk can cancel again (DemoData.day), not the first offered.
BOOK = ("service-*", "center-*", "day-{day}", "slot-*")

SCREENS: list[Visit] = [
    # Signed out.
    Visit("", "/"),
    Visit("signin", "/signin"),
    Visit("register", "/register"),
    Visit("language", "/language"),
    Visit("settings", "/settings"),
    Visit("soon/:key", "/soon/kiosk"),
    Visit("inquiry", "/inquiry"),
    Visit("verify-document", "/verify-document"),
    Visit("centers", "/centers"),
    Visit("centers/:id", "/centers/1"),
    Visit("centers/:id/taxi", "/centers/1/taxi"),
    Visit("guides", "/guides"),
    Visit("guides/:service", "/guides/residence_permit"),
    # Signed in, identity not verified yet.
    Visit("verify", "/verify", account="newcomer"),
    # Maria: a verified applicant with a residence permit and applications.
    Visit("", "/", account="maria", name="home-signed-in"),
    Visit("account", "/account", account="maria"),
    Visit("book", "/book", account="maria"),
    Visit("book/center", "/book", account="maria", taps=BOOK[:1]),
    Visit("book/day", "/book", account="maria", taps=BOOK[:2]),
    Visit("book/time", "/book", account="maria", taps=BOOK[:3]),
    Visit("book/review", "/book", account="maria", taps=BOOK),
    Visit("book/done", "/book", account="maria", taps=(*BOOK, "book")),
    Visit("appointments", "/appointments", account="maria"),
    Visit("appointments/:ref/day", "/appointments", account="maria", taps=("change-{ref}",)),
    Visit("appointments/:ref/time", "/appointments", account="maria",
          taps=("change-{ref}", "day-*")),
    Visit("appointments/:ref/review", "/appointments", account="maria",
          taps=("change-{ref}", "day-*", "slot-*")),
    Visit("appointments/:ref/cancel", "/appointments", account="maria",
          taps=("cancel-{ref}",)),
    Visit("applications", "/applications", account="maria"),
    Visit("applications/:no", "/applications", account="maria", taps=("open-*",)),
    Visit("documents", "/documents", account="maria"),
    Visit("helpers", "/helpers", account="maria"),
    Visit("activity", "/activity", account="maria"),
    # Elena: a permanent resident with a PR card.
    Visit("documents/pr-card", "/documents/pr-card", account="elena"),
    Visit("certificates", "/certificates", account="elena"),
    # Li Wei helps two people: the "acting for" band is on every screen.
    Visit("people", "/people", account="liwei"),
    Visit("people/add", "/people/add", account="liwei"),
    Visit("people/:aid/stop", "/people", account="liwei", taps=("stop-*",)),
    # The kiosk tablet of the Beijing center (1): no one signed in.
    Visit("kiosk/:center", "/kiosk/1"),
    Visit("kiosk/:center/menu", "/kiosk/1/menu"),
    Visit("kiosk/:center/check-in", "/kiosk/1/check-in"),
    # Wang Fang, staff of the Beijing center (1).
    Visit("staff", "/staff", account="staff.beijing"),
    Visit("staff/centers/:center", "/staff/centers/1", account="staff.beijing"),
    Visit("staff/centers/:center/closures", "/staff/centers/1/closures",
          account="staff.beijing"),
    Visit("staff/centers/:center/capacity", "/staff/centers/1/capacity",
          account="staff.beijing"),
    Visit("staff/applications", "/staff/applications", account="staff.beijing"),
]

# Who is signed in for each group of screens, in the order the screens are visited.
ACCOUNTS = [None, "newcomer", "maria", "elena", "liwei", "staff.beijing"]
