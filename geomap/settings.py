"""Settings: one frozen, picklable object, read from the environment in one place.

    settings = Settings.from_env()            # the CLI and wsgi.py
    settings = Settings.for_instance(tmp)     # tests and other callers: no environment read

Everything else receives a Settings and never reads os.environ itself. A bad
value raises SettingsError naming the variable: "GEOMAP_WORKERS 'abc' is not a
whole number of 1 or more".
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from geomap.model import InputError

PACKAGE_DIR = Path(__file__).resolve().parent
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
                   ' contributors')
OFF = ("off", "0", "false", "no")
# What readers who are not signed in see: all events but rejected ones, or verified ones only.
PUBLISH = ("all", "verified")


class SettingsError(InputError):
    """A setting with a value geomap cannot use; the message names the variable."""


def checkout_dir() -> Path | None:
    """The source checkout geomap runs from (an editable install), or None when installed."""
    root = PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() and (root / "templates").is_dir() else None


# Folders that ship inside the package but live at the top of the source checkout:
# name in the installed package -> place in the checkout (see pyproject.toml).
SHIPPED = {"templates": "templates", "tables": "data/gazetteer"}


def shipped(name: str) -> Path:
    """A folder of package data: "templates" (the pages) or "tables" (the curated gazetteer
    tables), from the source checkout when geomap runs from one, else from the package."""
    root = checkout_dir()
    return root / SHIPPED[name] if root else PACKAGE_DIR / name


def limit_blas_threads() -> None:
    """numpy's BLAS in one thread, set before numpy loads: the entity model runs one process
    per core, and a process that ever had a second thread allocates memory more slowly."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


@dataclass(frozen=True)
class GeocoderSettings:
    """The fallback geocoder (Nominatim through geopy)."""

    enabled: bool = True
    domain: str = "nominatim.openstreetmap.org"
    scheme: str = "https"
    user_agent: str = "geomap (https://github.com/geomap/geomap)"
    min_delay: float = 1.0
    timeout: float = 5.0
    cache_path: Path = Path("instance/geocoder-cache.sqlite")


@dataclass(frozen=True)
class Settings:
    """Where geomap keeps its data and how its services behave.

    instance: the folder of the database and the geocoder cache; database: a
    URL such as "sqlite:///instance/geomap.sqlite"; gazetteer: the built
    gazetteer file; coarsen: event types, sub-types or categories shown at the
    nearest town; workers: processes for the entity model (None: one per core
    for big batches); api_token: lets the API add, review and delete without signing in;
    publish: what readers who are not signed in see ("all", all but rejected events, or
    "verified"); secret_key: signs the sessions (made and kept in the instance folder when
    empty); secure_cookies: session cookies only over HTTPS.
    """

    instance: Path
    database: str
    gazetteer: Path
    geocoder: GeocoderSettings = field(default_factory=GeocoderSettings)
    tiles_url: str = OSM_TILES
    tiles_attribution: str = OSM_ATTRIBUTION
    frame_ancestors: str = "*"
    coarsen: frozenset[str] = frozenset()
    api_token: str = ""
    workers: int | None = None
    publish: str = "all"
    secret_key: str = ""
    secure_cookies: bool = True

    @classmethod
    def for_instance(cls, instance: Path, **changes: object) -> Settings:
        """Defaults for an instance folder, with some fields changed; the geocoder is off
        unless given: `Settings.for_instance(tmp, api_token="s3cret")`."""
        instance = Path(instance)
        base = cls(instance=instance, database=f"sqlite:///{instance / 'geomap.sqlite'}",
                   gazetteer=default_gazetteer(instance),
                   geocoder=GeocoderSettings(enabled=False,
                                             cache_path=instance / "geocoder-cache.sqlite"))
        return replace(base, **changes)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings given by GEOMAP_* variables (os.environ by default); SettingsError
        names a variable whose value is unusable."""
        env = os.environ if env is None else env
        instance = Path(env.get("GEOMAP_INSTANCE") or default_instance()).absolute()
        database = env.get("GEOMAP_DATABASE") or f"sqlite:///{instance / 'geomap.sqlite'}"
        _check_database(database)
        geocoder = GeocoderSettings(
            enabled=env.get("GEOMAP_GEOCODER", "nominatim").strip().lower() not in OFF,
            domain=env.get("GEOMAP_NOMINATIM_DOMAIN") or GeocoderSettings.domain,
            scheme=_choice(env, "GEOMAP_NOMINATIM_SCHEME", ("https", "http")),
            user_agent=env.get("GEOMAP_GEOCODER_USER_AGENT") or GeocoderSettings.user_agent,
            min_delay=_seconds(env, "GEOMAP_GEOCODER_MIN_DELAY", GeocoderSettings.min_delay,
                               allow_zero=True),
            timeout=_seconds(env, "GEOMAP_GEOCODER_TIMEOUT", GeocoderSettings.timeout),
            cache_path=Path(env.get("GEOMAP_GEOCODER_CACHE")
                            or instance / "geocoder-cache.sqlite"),
        )
        return cls(
            instance=instance, database=database,
            gazetteer=Path(env.get("GEOMAP_GAZETTEER") or default_gazetteer(instance)),
            geocoder=geocoder,
            tiles_url=env.get("GEOMAP_TILES_URL") or OSM_TILES,
            tiles_attribution=env.get("GEOMAP_TILES_ATTRIBUTION") or OSM_ATTRIBUTION,
            frame_ancestors=env.get("GEOMAP_FRAME_ANCESTORS") or "*",
            coarsen=parse_terms(env.get("GEOMAP_COARSEN", "")),
            api_token=_token(env.get("GEOMAP_API_TOKEN", "")),
            workers=_workers(env.get("GEOMAP_WORKERS")),
            publish=_choice(env, "GEOMAP_PUBLISH", PUBLISH),
            secret_key=env.get("GEOMAP_SECRET_KEY", ""),
            secure_cookies=_choice(env, "GEOMAP_SECURE_COOKIES", ("on", "off")) == "on",
        )


def default_instance() -> Path:
    """instance/ in the source checkout, else in the current folder (as Flask does)."""
    return (checkout_dir() or Path.cwd()) / "instance"


def default_gazetteer(instance: Path) -> Path:
    """data/gazetteer/gazetteer.sqlite in the source checkout, else in the instance folder."""
    root = checkout_dir()
    return root / "data" / "gazetteer" / "gazetteer.sqlite" if root else instance / "gazetteer.sqlite"


def parse_terms(value: str) -> frozenset[str]:
    """"Arrests, arrest" -> {"Arrests", "arrest"}."""
    return frozenset(t.strip() for t in value.split(",") if t.strip())


def _check_database(url: str) -> None:
    from geomap.store import backend_for

    try:
        backend_for(url, "GEOMAP_DATABASE")
    except InputError as e:
        raise SettingsError(str(e)) from None


def _choice(env: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = (env.get(name) or allowed[0]).strip().lower()
    if value not in allowed:
        raise SettingsError(f"{name} {value!r} is not one of {', '.join(allowed)}")
    return value


def _seconds(env: Mapping[str, str], name: str, default: float, allow_zero: bool = False) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 3600 or value == 0 and not allow_zero:
        low = "from 0" if allow_zero else "above 0"
        raise SettingsError(f"{name} {raw!r} is not a number of seconds {low} up to 3600")
    return value


def _workers(raw: str | None) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= 64:
        raise SettingsError(f"GEOMAP_WORKERS {raw!r} is not a whole number from 1 to 64")
    return value


def _token(raw: str) -> str:
    if not raw.isascii() or not raw.isprintable() or " " in raw:
        raise SettingsError("GEOMAP_API_TOKEN must be printable ASCII without spaces")
    return raw
