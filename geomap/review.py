"""What a reviewer may change in an event, checked the same way for the web app, the API
and the store.

    check_changes({"date": "2020-08-16", "fatalities": "2"})
    -> {"date": "2020-08-16", "fatalities": 2}

A change of type brings its category along (a Riot is a riot, Arrests an arrest), so that
matching events across articles keeps reading the right family.
"""

from __future__ import annotations

import math

from geomap.model import InputError

# Event type -> its sub-event types (ACLED's, and geomap's political statements).
TYPES: dict[str, tuple[str, ...]] = {
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Arrests", "Agreement", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction", "Non-violent transfer of territory",
                               "Other"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Air/drone strike", "Grenade", "Remote explosive/landmine/IED",
                                   "Shelling/artillery/missile attack", "Suicide bomb"),
    "Political statement": (),
}
# The category a type gives an event, unless the category already belongs to it (a strike
# stays a strike when its sub-type changes).
CATEGORY_OF_TYPE = {"Protests": "protest", "Riots": "riot", "Strategic developments": "arrest",
                    "Violence against civilians": "death", "Battles": "battle",
                    "Explosions/Remote violence": "explosion", "Political statement": "statement"}
KEEPS_CATEGORY = {"Protests": ("protest", "strike"), "Riots": ("riot",)}
# The statuses a reviewer sets ("auto" puts an event back in the review queue).
REVIEW_STATUSES = ("verified", "rejected", "auto")
# The fields a correction may set. A place is set whole (see PLACE_FIELDS).
EDITABLE = ("date", "time_precision", "event_type", "sub_event_type", "category", "fatalities",
            "crowd_size")
PLACE_FIELDS = ("location", "lat", "lon", "geo_precision", "country_code", "feature",
                "gazetteer_id")
MAX_TEXT = 200


def check_changes(raw: dict, current: dict | None = None) -> dict:
    """The changes a reviewer asked for, checked and typed; InputError says what is wrong.

    current is the event as stored: a new type is checked against its sub-type, and
    brings its category along.
    """
    current = current or {}
    unknown = set(raw) - set(EDITABLE) - set(PLACE_FIELDS)
    if unknown:
        raise InputError(f"cannot change {', '.join(sorted(unknown))}: only"
                         f" {', '.join(EDITABLE + PLACE_FIELDS)}")
    changes: dict = {}
    if "date" in raw:
        from geomap.articles import parse_date

        day = parse_date(_text(raw["date"], "date"), "date")
        if day is None:
            raise InputError("date is empty: give YYYY-MM-DD")
        changes["date"] = day.isoformat()
    if "time_precision" in raw:
        changes["time_precision"] = _number(raw["time_precision"], "time_precision", 1, 3, int)
    if "fatalities" in raw:
        changes["fatalities"] = None if raw["fatalities"] in ("", None) else \
            _number(raw["fatalities"], "fatalities", 0, 1_000_000, int)
    if "crowd_size" in raw:
        changes["crowd_size"] = _text(raw["crowd_size"], "crowd_size") or None
    _check_type(raw, current, changes)
    if any(f in raw for f in PLACE_FIELDS):
        changes.update(check_place(raw))
    return changes


def check_place(raw: dict) -> dict:
    """A place to move an event to: at least lat, lon and a name (location)."""
    lat, lon = _number(raw.get("lat"), "lat", -90, 90), _number(raw.get("lon"), "lon", -180, 180)
    location = _text(raw.get("location"), "location")
    if not location:
        raise InputError("a place needs a name (location)")
    country = _text(raw.get("country_code"), "country_code").upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise InputError(f"country_code {country!r} is not a two-letter ISO code")
    feature = _text(raw.get("feature"), "feature") or "other"
    if feature not in ("country", "region", "city", "landmark", "other"):
        raise InputError(f"feature {feature!r} is not country, region, city, landmark or other")
    gid = raw.get("gazetteer_id")
    return {"location": location, "lat": lat, "lon": lon, "country_code": country or None,
            "feature": feature,
            "geo_precision": _number(raw.get("geo_precision") or 1, "geo_precision", 1, 3, int),
            "gazetteer_id": None if gid in (None, "") else
            _number(gid, "gazetteer_id", 0, 2**62, int)}


def check_status(value: object) -> str:
    """A status a reviewer may set; InputError for another."""
    if value not in REVIEW_STATUSES:
        raise InputError(f"status {value!r} is not one of {', '.join(REVIEW_STATUSES)}")
    return str(value)


def _check_type(raw: dict, current: dict, changes: dict) -> None:
    if not any(k in raw for k in ("event_type", "sub_event_type", "category")):
        return
    event_type = _text(raw.get("event_type", current.get("event_type")), "event_type")
    if event_type not in TYPES:
        raise InputError(f"event_type {event_type!r} is not one of {', '.join(TYPES)}")
    if "sub_event_type" in raw:
        sub_type = _text(raw["sub_event_type"], "sub_event_type") or None
        if sub_type is not None and sub_type not in TYPES[event_type]:
            raise InputError(f"sub_event_type {sub_type!r} is not one of {event_type}'s:"
                             f" {', '.join(TYPES[event_type]) or 'none'}")
    else:
        sub_type = current.get("sub_event_type")
        sub_type = sub_type if sub_type in TYPES[event_type] else None
    category = _text(raw.get("category", current.get("category")), "category")
    if category not in KEEPS_CATEGORY.get(event_type, ()):
        category = "arrest" if sub_type == "Arrests" else CATEGORY_OF_TYPE[event_type]
    changes.update(event_type=event_type, sub_event_type=sub_type, category=category)


def _text(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise InputError(f"{name} must be text")
    text = str(value).strip()
    if len(text) > MAX_TEXT or "\x00" in text:
        raise InputError(f"{name} is longer than {MAX_TEXT} characters or holds a NUL")
    return text


def _number(value: object, name: str, low: float, high: float, kind: type = float) -> float:
    """A number (kind int: a whole number) from low to high; InputError naming it if not."""
    try:
        number = kind(str(value).strip())
    except ValueError:
        raise InputError(f"{name} {value!r} is not a {'whole ' if kind is int else ''}number") \
            from None
    if not math.isfinite(number) or not low <= number <= high:
        raise InputError(f"{name} {value!r} is not a number from {low:g} to {high:g}")
    return number
