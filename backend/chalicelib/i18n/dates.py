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


ITALIAN_WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")


def long_date(language: str, value: date | datetime) -> str:
    months = MONTHS.get(language, MONTHS["en"])
    day = {"fr": "1er", "it": "1°"}.get(language, "1") if value.day == 1 else str(value.day)
    text = f"{day} {months[value.month - 1]} {value.year}"
    if language == "it":
        # With its weekday an Italian date needs no article, so "entro lunedì 8 dicembre" is
        # right where "entro il 8" is not (it would be "entro l'8").
        return f"{ITALIAN_WEEKDAYS[value.weekday()]} {text}"
    return text


def date_and_time(language: str, value: datetime) -> str:
    joiner = {"fr": " à ", "it": " alle "}.get(language, " at ")
    return f"{long_date(language, value)}{joiner}{value:%H:%M}"
