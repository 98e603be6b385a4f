"""Dates written the way each language writes them, for letters (no locale data needed)."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
}


def long_date(language: str, value: date | datetime) -> str:
    months = MONTHS.get(language, MONTHS["en"])
    day = "1er" if language == "fr" and value.day == 1 else str(value.day)
    return f"{day} {months[value.month - 1]} {value.year}"


def date_and_time(language: str, value: datetime) -> str:
    joiner = {"fr": " à ", "it": " alle "}.get(language, " at ")
    return f"{long_date(language, value)}{joiner}{value:%H:%M}"
