"""Booking an appointment end to end, in Chinese on a phone: a newcomer registers, verifies
their identity, books a visa extension in Beijing, changes its time, cancels it, and sees the
place offered again."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import LiveServer
from tools.browser import choose, fill, open_app, scroll_to, shown_text, tap_back, tap_until

PASSWORD = "river stone lantern 2026"
PHONE_NUMBER = "+86 138 0000 0008"  # Amara Okafor's phone on record
SERVICE = "visa_extension"
STEP = '[flt-semantics-identifier="step"]'
WAIT = 20_000
PLACES = re.compile(r"剩余 ([\d,]+) 个名额")


def places(text: str) -> int:
    """The number in "剩余 N 个名额" (the places left a day or a time button names)."""
    found = PLACES.search(text)
    assert found, f"no places-left count in {text!r}"
    return int(found.group(1).replace(",", ""))


def label(text: str) -> str:
    """What a day or time button names besides its places left: "11月23日星期一", "09:00"."""
    return PLACES.sub("", text).strip()


def choices(page: Page) -> Locator:
    """The day or time buttons of the screen (each names its places left)."""
    return page.get_by_role("button", name=PLACES)


def api(server: LiveServer, path: str, **params: str) -> Any:
    response = httpx.get(f"{server.url}/api/v1{path}", params=params,
                         headers={"Accept-Language": "zh"}, timeout=10)
    response.raise_for_status()
    return response.json()


def slot_places(server: LiveServer, center_id: int, day: str) -> dict[str, int]:
    """The places left at each time ("09:00") of `day`, as the API says."""
    slots = api(server, f"/centers/{center_id}/slots", service=SERVICE, date=day)
    return {datetime.fromisoformat(s["start"]).strftime("%H:%M"): s["available"] for s in slots}


def day_to_book(server: LiveServer, center_id: int) -> tuple[int, dict[str, Any]]:
    """Which of the offered days to pick (its index among them), and the API's view of it.

    The first offered day, unless its times are closer than the 24-hour cut-off after which
    an appointment can no longer be changed or cancelled online (tomorrow, when the window
    opens on it): then the first offered day from the day after tomorrow.
    """
    offered = [d for d in api(server, f"/centers/{center_id}/days", service=SERVICE)
               if d["available"] > 0]
    assert offered, "the center offers no free day"
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    for index, d in enumerate(offered):
        if date.fromisoformat(d["date"]) >= today + timedelta(days=2):
            return index, d
    raise AssertionError("no free day outside the change cut-off")


def at_step(page: Page, text: str) -> Locator:
    """The step label once it says `text` ("第 2 步，共 5 步")."""
    return page.locator(STEP, has_text=text)


def go_to_day_step(page: Page, center_name: str, shot: Callable[[str], object]) -> None:
    """From the booking's first step: the visa extension, then the first center in Beijing."""
    expect(page.locator(STEP)).to_have_text("第 1 步，共 5 步", timeout=WAIT)
    for service in ["签证延期", "签证换发", "签证补发"]:
        expect(page.get_by_role("button", name=service)).to_be_visible()
    shot("service")
    tap_until(page, page.get_by_role("button", name="签证延期"), at_step(page, "第 2 步，共 5 步"))
    # First all centers are offered, ten of them shown; the search leaves Beijing's few.
    count_note = page.locator('[flt-semantics-identifier="centers-count"]')
    expect(count_note).to_be_visible(timeout=WAIT)
    # Typed again if the search answered nothing: Flutter's web field sometimes shows text
    # that never reached the app (see tools/browser.fill).
    for _attempt in range(3):
        fill(page, "城市或服务大厅名称", "北京")
        page.get_by_role("button", name="搜索").click()
        try:
            expect(count_note).to_have_count(0, timeout=WAIT // 3)
            break
        except AssertionError:
            continue
    expect(count_note).to_have_count(0, timeout=WAIT)
    centers = page.get_by_role("button", name=re.compile("最近可约日期"))
    expect(centers.first).to_contain_text(center_name, timeout=WAIT)
    for text in centers.all_inner_texts():
        assert "北京" in text, text
    shot("center")
    tap_until(page, centers.first, at_step(page, "第 3 步，共 5 步"))
    expect(shown_text(page, "哪一天？")).to_be_visible()
    expect(choices(page).first).to_be_visible(timeout=WAIT)


def test_book_change_cancel_in_chinese(fresh_server: LiveServer, phone: Page, shots) -> None:
    server = fresh_server
    [center] = api(server, "/centers", q="北京", service=SERVICE)[:1]
    center_id, center_name = center["id"], center["name_zh"]
    day_index, api_day = day_to_book(server, center_id)

    # A newcomer opens the app in Chinese and taps the booking tile: first an account.
    open_app(phone, server.url + "/?lang=zh", wait_text="移民管理服务")
    shots(phone, "home-zh")
    tap_until(phone, phone.get_by_role("button", name=re.compile("预约办理")),
              shown_text(phone, "请登录后预约和查看您的预约。"))
    shots(phone, "booking-needs-signin")
    tap_until(phone, phone.get_by_role("button", name="注册账户"),
              phone.get_by_role("textbox", name="您的姓名"))
    fill(phone, "您的姓名", "Amara Okafor")
    fill(phone, "电子邮箱", "amara@example.com")
    fill(phone, "密码", PASSWORD)
    shots(phone, "register")
    tap_until(phone, phone.get_by_role("button", name="创建账户"),
              at_step(phone, "第 1 步，共 2 步"))

    # Identity verification with the code sent to the phone on record.
    fill(phone, "护照号码", "B50372914")
    choose(phone, "国籍", "尼日利亚")
    fill(phone, "护照上的姓名", "Amara Okafor")
    fill(phone, "出生日期", "1990-08-27")
    shots(phone, "verify-details")
    tap_until(phone, phone.get_by_role("button", name="发送验证码"),
              at_step(phone, "第 2 步，共 2 步"))
    [sms] = [m for m in server.outbox() if m["to"] == PHONE_NUMBER]
    fill(phone, "短信验证码", sms["code"])
    tap_until(phone, phone.get_by_role("button", name="确认"),
              shown_text(phone, "身份已核验：Amara Okafor"))
    shots(phone, "verified")

    # Home, the booking tile again, and steps 1 to 3: the service, the center, the day.
    tap_back(phone, "返回")
    tap_until(phone, phone.get_by_role("button", name=re.compile("预约办理")),
              at_step(phone, "第 1 步，共 5 步"))
    go_to_day_step(phone, center_name, lambda name: shots(phone, f"step-{name}"))
    day_button = scroll_to(phone, choices(phone).nth(day_index))
    day_text = day_button.inner_text()
    day_label, day_places = label(day_text), places(day_text)
    assert day_places == api_day["available"]
    shots(phone, "step-day")
    tap_until(phone, day_button, at_step(phone, "第 4 步，共 5 步"))

    # Step 4: the first time of that day.
    expect(shown_text(phone, "几点？")).to_be_visible()
    expect(choices(phone).first).to_be_visible(timeout=WAIT)
    time_text = choices(phone).first.inner_text()
    first_time, time_places = label(time_text), places(time_text)
    before = slot_places(server, center_id, api_day["date"])
    assert before[first_time] == time_places
    shots(phone, "step-time")
    tap_until(phone, choices(phone).first, at_step(phone, "第 5 步，共 5 步"))

    # Step 5: check, then book.
    for row, value in [("review-service", "签证延期"), ("review-center", center_name),
                       ("review-time", first_time), ("review-applicant", "Amara Okafor")]:
        expect(phone.locator(f'[flt-semantics-identifier="{row}"]')).to_contain_text(value)
    shots(phone, "step-review")
    tap_until(phone, phone.get_by_role("button", name="预约", exact=True),
              shown_text(phone, "预约成功"))

    # Booked: the reference, large and as a QR code.
    spoken = phone.locator('[flt-semantics-identifier="reference"]').inner_text()
    match = re.fullmatch(r"预约号 ((?:\w ){4}- (?:\w ){3}\w)", spoken.strip())
    assert match, spoken
    display = match.group(1).replace(" ", "")  # "K7QM-2XA9"
    reference = display.replace("-", "")
    qr = phone.locator('[flt-semantics-identifier="qr"]')
    expect(qr.get_by_role("img", name=f"预约号 {display} 的二维码").first).to_be_visible()
    box = qr.bounding_box()
    assert box and box["width"] >= 200 and box["height"] >= 200, box
    expect(phone.locator('[flt-semantics-identifier="done-when"]')).to_contain_text(first_time)
    assert slot_places(server, center_id, api_day["date"])[first_time] == time_places - 1
    shots(phone, "booked")
    scroll_to(phone, phone.get_by_role("button", name="我的预约"))
    shots(phone, "booked-bottom")
    booked_sms = [m for m in server.outbox() if m["to"] == PHONE_NUMBER][1:]
    assert [m["subject"] for m in booked_sms] == ["预约成功"]
    assert display in booked_sms[0]["body"] and center_name in booked_sms[0]["body"]

    # My appointments: the appointment with that reference, then a change of time.
    card = phone.locator(f'[flt-semantics-identifier="appointment-{reference}"]')
    tap_until(phone, phone.get_by_role("button", name="我的预约"), card)
    expect(card).to_contain_text(display)
    expect(card).to_have_accessible_name(re.compile("签证延期.*已预约", re.S))
    expect(card).to_contain_text(first_time)
    shots(phone, "appointments")
    tap_until(phone, card.get_by_role("button", name="更改时间"),
              at_step(phone, "第 1 步，共 3 步"))
    expect(shown_text(phone, "当前预约：")).to_be_visible()
    same_day = scroll_to(phone, choices(phone).filter(has_text=day_label))
    assert places(same_day.inner_text()) == day_places - 1
    shots(phone, "change-day")
    tap_until(phone, same_day, at_step(phone, "第 2 步，共 3 步"))
    expect(choices(phone).first).to_be_visible(timeout=WAIT)
    other = choices(phone).filter(has_not_text=first_time).first
    new_time = label(other.inner_text())
    shots(phone, "change-time")
    tap_until(phone, other, at_step(phone, "第 3 步，共 3 步"))
    expect(phone.locator('[flt-semantics-identifier="review-time"]')).to_contain_text(new_time)
    shots(phone, "change-review")
    tap_until(phone, phone.get_by_role("button", name="确认新时间"),
              shown_text(phone, f"您的预约已改到 {day_label} {new_time}。"))
    expect(card).to_contain_text(new_time)
    expect(card).not_to_contain_text(first_time)
    expect(card).to_contain_text("剩余改约次数：1")
    moved = slot_places(server, center_id, api_day["date"])
    assert moved == {**before, new_time: before[new_time] - 1}  # the old time's place is back
    shots(phone, "changed")

    # Cancel it, behind a clear question.
    tap_until(phone, card.get_by_role("button", name="取消预约"),
              shown_text(phone, "要取消这个预约吗？"))
    expect(shown_text(phone, display)).to_be_visible()
    shots(phone, "cancel-question")
    tap_until(phone, phone.get_by_role("button", name="是，取消预约"),
              shown_text(phone, "您的预约已取消。该名额已释放给他人。"))
    expect(shown_text(phone, "已过去和已取消的预约")).to_be_visible()
    expect(card).to_have_accessible_name(re.compile("签证延期.*已取消", re.S))
    expect(card.get_by_role("button")).to_have_count(0)  # nothing left to change or cancel
    expect(shown_text(phone, "您没有即将到来的预约。")).to_be_visible()
    shots(phone, "cancelled")

    # The place is offered again: the same day and time show the counts seen before booking.
    tap_until(phone, phone.get_by_role("button", name="预约办理"),
              at_step(phone, "第 1 步，共 5 步"))
    go_to_day_step(phone, center_name, lambda name: shots(phone, f"again-{name}"))
    again = scroll_to(phone, choices(phone).filter(has_text=day_label))
    assert places(again.inner_text()) == day_places
    shots(phone, "day-free-again")
    tap_until(phone, again, at_step(phone, "第 4 步，共 5 步"))
    same_time = choices(phone).filter(has_text=first_time).first
    expect(same_time).to_be_visible(timeout=WAIT)
    assert places(same_time.inner_text()) == time_places
    shots(phone, "time-free-again")
    assert slot_places(server, center_id, api_day["date"]) == before

    # The phone on record got the confirmation, the change and the cancellation.
    texts = [m for m in server.outbox() if m["to"] == PHONE_NUMBER][1:]
    assert [m["subject"] for m in texts] == ["预约成功", "预约已更改", "预约已取消"]
    assert all(m["channel"] == "sms" and display in m["body"] for m in texts)
    assert new_time in texts[1]["body"] and "已取消" in texts[2]["body"]
