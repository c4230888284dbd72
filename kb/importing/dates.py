"""Dates, date ranges, times and time zones as releases and event pages print them.

Rules find where a date stands ("From December 29, 2022 to January 14, 2023", "3–15 March
2024", "с 29 декабря 2022 года по 14 января 2023 года", "10:00–11:30 a.m. EST"); dateparser
reads each date, in English or Russian, with no network and no guessing of a missing year.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_MONTHS_EN = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
_MONTHS_RU = (
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    r"|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь"
)
MONTH = rf"(?:{_MONTHS_EN}|{_MONTHS_RU})"
YEAR = r"(?:19|20)\d\d"
_YEAR_TAIL = r"(?:\s*(?:года|г\.|гг\.))?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
FULL_DATE = (
    rf"(?:{_DAY}\s+{MONTH},?\s+{YEAR}{_YEAR_TAIL}"
    rf"|{MONTH}\s+{_DAY},?\s+{YEAR}"
    rf"|\d{{1,2}}\.\d{{1,2}}\.{YEAR})"
)
_FULL = re.compile(FULL_DATE, re.IGNORECASE)
_TO = r"\s*(?:[-–—]|to|until|till|and|по|до|и)\s*"
_RANGES = [
    # From December 29, 2022 to January 14, 2023 / с 29 декабря 2022 года по 14 января 2023 года
    re.compile(rf"(?P<a>{FULL_DATE}){_TO}(?P<b>{FULL_DATE})", re.I),
    # 25 February to 10 March 2024 / с 25 февраля по 10 марта 2024 года
    re.compile(
        rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{MONTH}){_TO}(?P<b>{_DAY}\s+{MONTH},?\s+{YEAR}{_YEAR_TAIL})",
        re.I,
    ),
    # 3–15 March 2024 / с 10 по 25 февраля 2024 г.
    re.compile(rf"(?P<d1>\d{{1,2}}){_TO}(?P<b>\d{{1,2}}\s+{MONTH},?\s+{YEAR}{_YEAR_TAIL})", re.I),
    # March 3–15, 2024 / February 25 to March 10, 2024
    re.compile(
        rf"(?P<m1>{MONTH})\s+(?P<d1>\d{{1,2}}){_TO}(?P<b>(?:{MONTH}\s+)?\d{{1,2}},?\s+{YEAR})", re.I
    ),
]

_TIME = r"\d{1,2}(?::\d{2}|\.\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
_TIME_RANGE = re.compile(
    rf"(?<![\d.:])(?P<a>{_TIME})(?:\s*(?:[-–—]|to|до)\s*(?P<b>{_TIME}))?"
    r"(?P<zone>\s*\(?\s*(?:[A-Z]{2,5}(?:\s?[+-]\s?\d{1,2})?|[A-Z][a-z]+ (?:time|Time)"
    r"|по (?:времени \w+|\w+ому времени)|время \w+|времени \w+|московское время)\)?)?"
)
ZONES = {
    "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
    "eastern time": "America/New_York", "washington time": "America/New_York",
    "cet": "Europe/Berlin", "cest": "Europe/Berlin",
    "gmt": "UTC", "utc": "UTC",
    "bst": "Europe/London", "london time": "Europe/London",
    "msk": "Europe/Moscow", "moscow time": "Europe/Moscow",
    "по московскому времени": "Europe/Moscow",
    "almt": "Asia/Almaty", "astana time": "Asia/Almaty", "almaty time": "Asia/Almaty",
    "nur-sultan time": "Asia/Almaty", "по времени астаны": "Asia/Almaty",
    "по астанинскому времени": "Asia/Almaty", "по времени алматы": "Asia/Almaty",
    "по алматинскому времени": "Asia/Almaty", "времени астаны": "Asia/Almaty",
    "bishkek time": "Asia/Bishkek", "по времени бишкека": "Asia/Bishkek",
    "время бишкека": "Asia/Bishkek", "время астаны": "Asia/Almaty", "время алматы": "Asia/Almaty",
    "московское время": "Europe/Moscow", "время ташкента": "Asia/Tashkent",
    "tashkent time": "Asia/Tashkent", "по времени ташкента": "Asia/Tashkent",
}  # fmt: skip


@dataclass(frozen=True)
class DateHit:
    value: datetime.date
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateRange:
    first: datetime.date
    last: datetime.date
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TimeHit:
    start_time: datetime.time
    end_time: datetime.time | None
    zone: str  # IANA name, "" when the text names none we know
    zone_text: str
    start: int
    end: int


def parse_date(text: str) -> datetime.date | None:
    import dateparser

    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(",", ", "))
    cleaned = re.sub(r"\s*(года|г\.|гг\.)\s*$", "", cleaned.strip())
    parsed = dateparser.parse(
        cleaned,
        languages=["en", "ru"],
        settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateHit]:
    end = len(text) if end is None else end
    hits = []
    for match in _FULL.finditer(text, start, end):
        value = parse_date(match.group())
        if value:
            hits.append(DateHit(value, match.start(), match.end(), match.group()))
    return hits


def find_range(text: str, start: int = 0, end: int | None = None) -> DateRange | None:
    end = len(text) if end is None else end
    for pattern in _RANGES:
        match = pattern.search(text, start, end)
        if not match:
            continue
        last = parse_date(match.group("b"))
        if last is None and match.groupdict().get("m1"):
            last = parse_date(f"{match.group('m1')} {match.group('b')}")
        if last is None:
            continue
        if "a" in match.groupdict() and match.group("a"):
            first = parse_date(match.group("a"))
        else:
            first = _with_parts(last, match.group("d1"), match.groupdict().get("m1"))
        if first and first <= last:
            return DateRange(first, last, match.start(), match.end(), match.group())
    return None


def _with_parts(last: datetime.date, day: str, month: str | None) -> datetime.date | None:
    month_number = last.month
    if month:
        parsed = parse_date(f"1 {month} {last.year}")
        if parsed is None:
            return None
        month_number = parsed.month
    year = last.year - (1 if month_number > last.month else 0)
    try:
        return datetime.date(year, month_number, int(day))
    except ValueError:
        return None


def find_time(text: str, start: int = 0, end: int | None = None) -> TimeHit | None:
    end = len(text) if end is None else end
    for match in _TIME_RANGE.finditer(text, start, end):
        first = _parse_time(match.group("a"), match.group("b"))
        if first is None:
            continue
        last = _parse_time(match.group("b"), None) if match.group("b") else None
        zone_text = (match.group("zone") or "").strip(" ()")
        zone = _zone(zone_text)
        stop = match.end() if zone or not zone_text else match.end("b") if last else match.end("a")
        return TimeHit(first, last, zone, zone_text if zone else "", match.start(), stop)
    return None


def _parse_time(text: str | None, partner: str | None) -> datetime.time | None:
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?", text.strip(), re.I)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half is None and partner:
        partner_half = re.search(r"([ap])\.?\s?m\.?", partner, re.I)
        half = partner_half.group(1) if partner_half else None
    if half is None and match.group(2) is None:
        return None  # a bare number is not a time
    if half:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


def _zone(text: str) -> str:
    key = " ".join(text.lower().split())
    if key in ZONES:
        return ZONES[key]
    offset = re.fullmatch(r"(?:gmt|utc)\s?([+-])\s?(\d{1,2})", key)
    if offset:
        sign = "-" if offset.group(1) == "+" else "+"  # IANA's Etc/ zones count the other way
        return f"Etc/GMT{sign}{int(offset.group(2))}"
    return ""
