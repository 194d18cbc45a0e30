"""Finding a center by name, city or province in English, pinyin or Chinese."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from backend.data.sample import load_reference_data
from backend.models import Center, ServiceCode
from backend.services import centers
from backend.services.centers import CenterSort, search_key


@pytest.fixture
def loaded(session: Session) -> Session:
    load_reference_data(session)
    return session


def cities(session: Session, q: str, **filters: object) -> list[str]:
    found = centers.list_centers(session=session, lang="en", q=q, **filters)  # type: ignore[arg-type]
    return [c.city_en for c in found]


@pytest.mark.parametrize("q", ["beijing", "Beijing", "BEIJING", "bei jing", " Bei Jing ",
                               "beij", "北京", "北京市"])
def test_beijing_in_english_pinyin_and_chinese(loaded: Session, q: str) -> None:
    assert cities(loaded, q) == ["Beijing"] * 6


@pytest.mark.parametrize("q", ["Xi'an", "xian", "xi an", "西安"])
def test_the_city_asked_for_comes_first(loaded: Session, q: str) -> None:
    found = cities(loaded, q)
    assert found[0] == "Xi'an"
    assert found.count("Xi'an") == 1


@pytest.mark.parametrize("q", ["guangdong", "Guangdong", "广东"])
def test_province_in_three_scripts(loaded: Session, q: str) -> None:
    assert sorted(cities(loaded, q)) == ["Guangzhou", "Shenzhen", "Shenzhen", "Zhuhai"]


def test_names_and_addresses(loaded: Session) -> None:
    # The Chaoyang hall by the pinyin of its Chinese name; Andingmen by its English address.
    chaoyang = centers.list_centers(session=loaded, lang="en", q="chaoyang")
    assert [c.name_zh for c in chaoyang] == ["北京市公安局朝阳分局外国人出入境服务大厅"]
    andingmen = centers.list_centers(session=loaded, lang="zh", q="Andingmen")
    assert [c.name for c in andingmen] == ["北京市公安局出入境管理局"]
    assert cities(loaded, "安定门东大街") == ["Beijing"]
    # Pinyin in no English text: 朝阳分局 read "chao yang fen ju" (朝 has two readings).
    pinyin_only = centers.list_centers(session=loaded, lang="en", q="chaoyang fenju")
    assert [c.name_zh for c in pinyin_only] == ["北京市公安局朝阳分局外国人出入境服务大厅"]
    assert cities(loaded, "chongqing") == ["Chongqing"]  # 重 read "chong" here, not "zhong"


def test_suzhou_before_kunshan(loaded: Session) -> None:
    assert cities(loaded, "suzhou") == ["Suzhou", "Kunshan (Suzhou)"]
    assert cities(loaded, "苏州") == ["Suzhou"]  # 昆山 does not contain 苏州


def test_syllables_match_from_their_start(loaded: Session) -> None:
    # "gong an" (public security) is in almost every name, but "ongan" starts no syllable.
    assert cities(loaded, "ongan") == []
    assert cities(loaded, "no such place") == []
    assert len(cities(loaded, "")) == 34


def test_search_with_filters_and_sort(loaded: Session) -> None:
    assert cities(loaded, "beijing", service=ServiceCode.visa_reissue) == ["Beijing"] * 4
    assert cities(loaded, "", province="广东", service=ServiceCode.visa_extension) == [
        "Guangzhou", "Shenzhen", "Zhuhai"]
    soonest = centers.list_centers(session=loaded, lang="en", sort=CenterSort.next_available)
    days = [c.next_available for c in soonest]
    booked = [d for d in days if d is not None]
    assert booked == sorted(booked)
    assert days[len(booked):] == [None] * (len(days) - len(booked))
    # The two permanent-residence-only centers have nothing to book: last.
    assert all(not c.services for c in soonest[len(booked):])


def test_search_key_is_kept_until_the_names_change() -> None:
    center = Center(name_en="Test Hall", name_zh="测试大厅", province="Hebei", city_en="Baoding",
                    city_zh="保定", address_en="1 Road", address_zh="一路")
    first = search_key(center)
    assert search_key(center) is first
    assert first.matches("baoding") and first.matches("保定") and first.matches("hebei")
    center.city_zh = "石家庄"
    assert search_key(center) is not first
    assert search_key(center).matches("shijiazhuang")
