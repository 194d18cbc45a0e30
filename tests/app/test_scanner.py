"""The reading of a reference from a field and from the keys the page hears."""

from __future__ import annotations

import asyncio

from app.components.scanner import ScanInput
from tests.app.flet_harness import async_test


def test_keys_build_the_reference() -> None:
    reader = ScanInput()
    for key in "k7qm-2xa9":
        assert reader.key(key)
    assert reader.text == "K7QM-2XA9"
    assert reader.key("Backspace") and reader.text == "K7QM-2XA"
    assert not reader.key("Shift") and not reader.key("Tab") and not reader.key("é")


def test_the_fuller_of_field_and_keys_is_sent_whatever_came_first() -> None:
    scan = "K7QM2XA9"
    # An on-screen keyboard: the page hears no keys, the field has it all.
    reader = ScanInput()
    reader.field_changed("k7qm2xa9")
    assert reader.text == "k7qm2xa9"
    # A field that stopped taking keys after three: the page heard them all.
    reader = ScanInput()
    for n, key in enumerate(scan):
        if n < 3:
            reader.field_changed(scan[: n + 1])
        reader.key(key)
    assert reader.text == scan
    # Both heard everything, the field's changes before or after each key: no key twice.
    for field_first in (True, False):
        reader = ScanInput()
        for n, key in enumerate(scan):
            if field_first:
                reader.field_changed(scan[: n + 1])
            reader.key(key)
            if not field_first:
                reader.field_changed(scan[: n + 1])
        assert reader.text == scan


@async_test
async def test_enter_heard_by_page_and_field_sends_once() -> None:
    reader = ScanInput(field="K7QM2XA9", in_field=True)
    sent: list[str] = []

    async def action(text: str) -> None:
        await asyncio.sleep(0.05)
        sent.append(text)

    # The field's submit and the page's Enter of the same key press.
    await asyncio.gather(reader.enter(action), reader.send(action))
    assert sent == ["K7QM2XA9"]
    assert reader.text == "" and not reader.in_field  # a new, empty field follows


@async_test
async def test_enter_without_the_field_sends_at_once_and_empty_sends_nothing() -> None:
    sent: list[str] = []

    async def action(text: str) -> None:
        sent.append(text)

    reader = ScanInput()
    await reader.enter(action)
    assert sent == []
    reader.key("A")
    await reader.enter(action)
    assert sent == ["A"]
