"""The directory and the guides in Chromium on a phone, as a visitor who reads no Chinese:
find a center by the pinyin of its Chinese name, open it, show the address to a taxi driver,
book here, and open the guide of the service from the booking."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from backend.data.people import DEMO_PASSWORD
from tests.e2e.conftest import LiveServer
from tools.browser import fill, open_app, scroll_to, shown_text, tap_back, tap_until

WAIT = 20_000
CHAOYANG = "Exit-Entry Administration & Foreigner Service Center of the Chaoyang Sub-bureau"
NAME_ZH = "北京市公安局朝阳分局外国人出入境服务大厅"
ADDRESS_ZH = "北京市朝阳区酒仙桥北路甲10号电子城IT产业园304号楼1-2层"


def test_find_a_center_by_pinyin_then_taxi_view_and_guide(
    fresh_server: LiveServer, phone: Page, shots
) -> None:
    open_app(phone, fresh_server.url + "/", wait_text="Immigration services")
    phone.get_by_role("button", name=re.compile("Sign in")).first.click()
    fill(phone, "E-mail address", "maria@example.com")
    fill(phone, "Password", DEMO_PASSWORD)
    tap_until(phone, phone.get_by_role("button", name="Sign in", exact=True).last,
              shown_text(phone, "Signed in as Maria Garcia"))

    # The directory from its home tile; "chaoyang fenju" is pinyin of 朝阳分局, which is in
    # no English name or address.
    scroll_to(phone, phone.get_by_role("button", name=re.compile("Service centers")))
    phone.get_by_role("button", name=re.compile("Service centers")).click()
    expect(phone.get_by_role("button", name=re.compile("Next free day")).first).to_be_visible(
        timeout=WAIT)
    shots(phone, "directory")
    fill(phone, "City or name of the center", "chaoyang fenju")
    tap_until(phone, phone.get_by_role("button", name="Search", exact=True),
              shown_text(phone, "1 service center"))
    results = phone.get_by_role("button", name=re.compile("Next free day|No free places"))
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text(CHAOYANG)
    expect(results.first).to_contain_text(re.compile("Open now|Closes soon|Closed now"))
    shots(phone, "found-by-pinyin")

    # Its page: both names, the status, the sample-hours warning, the address in two scripts.
    results.first.click()
    expect(shown_text(phone, NAME_ZH)).to_be_visible(timeout=WAIT)
    expect(shown_text(phone, "These opening hours are sample data")).to_be_visible()
    expect(shown_text(phone, ADDRESS_ZH)).to_be_visible()
    shots(phone, "center")

    # The taxi view: the Chinese address, large, with a close button.
    phone.get_by_role("button", name="Show to a taxi driver").click()
    address = shown_text(phone, ADDRESS_ZH)
    expect(address).to_be_visible(timeout=WAIT)
    expect(shown_text(phone, "Show this screen to the taxi driver.")).to_be_visible()
    box = address.bounding_box()
    assert box and box["height"] > 150, box  # many lines of very large characters
    shots(phone, "taxi")
    phone.get_by_role("button", name="Close", exact=True).click()
    expect(shown_text(phone, "Opening hours")).to_be_visible(timeout=WAIT)

    # Book here: the booking starts at this center; its first step links to the guides.
    book_here = scroll_to(phone, phone.get_by_role("button", name="Book here"))
    book_here.click()
    expect(shown_text(phone, "At: " + CHAOYANG)).to_be_visible(timeout=WAIT)
    expect(phone.get_by_role("button", name=re.compile("Visa renewal.*Not handled"))
           ).to_be_visible()
    shots(phone, "book-here")
    phone.get_by_role("button", name="What do I need to bring?").click()
    phone.get_by_role("button", name=re.compile("^Residence permit")).click()
    expect(shown_text(phone, "Who it is for")).to_be_visible(timeout=WAIT)
    shots(phone, "guide")

    # The checklist: a tick is saved for Maria and is still there when the guide is reopened.
    passport = phone.get_by_role("checkbox", name=re.compile("Your passport and visa"))
    scroll_to(phone, passport)
    passport.click()
    expect(passport).to_be_checked(timeout=WAIT)
    shots(phone, "checklist")
    tap_back(phone, "Back")
    phone.get_by_role("button", name=re.compile("^Residence permit")).click()
    passport = phone.get_by_role("checkbox", name=re.compile("Your passport and visa"))
    expect(scroll_to(phone, passport)).to_be_checked(timeout=WAIT)
