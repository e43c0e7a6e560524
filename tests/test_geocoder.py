"""The fallback geocoder against a fake Nominatim server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from geomap.articles import make_article
from geomap.gazetteer import Gazetteer
from geomap.geocoder import FallbackGeocoder
from geomap.ingest import RetryReport, ingest, retry_pending
from geomap.model import Article
from geomap.pipeline import Pipeline
from geomap.settings import GeocoderSettings, Settings
from geomap.store import open_store

TIMEOUT = 10.0           # generous: a loaded machine must not turn a reply into a timeout
SHORT_TIMEOUT = 0.5     # the timeout test's client
SLOW = 5.0              # the timeout test's server: ten times slower than that client
UNKNOWN_TOWN = "Zzyzxville-sur-Marne"
ARTICLE_TEXT = f"Des manifestants se sont rassemblés samedi à {UNKNOWN_TOWN}, a indiqué la police."


@dataclass
class Reply:
    """What the fake server answers to one query."""

    status: int = 200
    results: list[dict] = field(default_factory=list)
    delay: float = 0.0


def nominatim_result(name: str, lat: float, lon: float, country_code: str,
                     addresstype: str) -> dict:
    """One result as Nominatim's /search?format=json&addressdetails=1 gives it."""
    return {"place_id": 1, "lat": str(lat), "lon": str(lon), "name": name,
            "display_name": f"{name}, {country_code.upper()}", "addresstype": addresstype,
            "type": addresstype, "address": {addresstype: name, "country_code": country_code}}


OKRESTINA = Reply(results=[nominatim_result("Okrestina", 53.8667, 27.4717, "by", "suburb")])
MARNE_TOWN = Reply(results=[nominatim_result(UNKNOWN_TOWN, 48.85, 2.6, "fr", "village")])


class FakeNominatim:
    """Replies scripted per query (default: no result); counts requests per query."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.hits: Counter[str] = Counter()
        self.params: list[dict[str, str]] = []
        self.user_agents: list[str] = []
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                query = params.get("q", "")
                with fake._lock:
                    fake.hits[query] += 1
                    fake.params.append(params)
                    fake.user_agents.append(self.headers.get("User-Agent", ""))
                reply = fake.replies.get(query, Reply()) if url.path == "/search" else Reply(404)
                if reply.delay:
                    fake.stop.wait(reply.delay)
                body = json.dumps(reply.results if reply.status == 200 else {"error": "x"})
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(body.encode())
                except OSError:
                    pass          # the client gave up (timeout test)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    @property
    def total(self) -> int:
        return sum(self.hits.values())


@pytest.fixture
def nominatim() -> Iterator[FakeNominatim]:
    fake = FakeNominatim()
    thread = threading.Thread(target=fake.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield fake
    fake.stop.set()
    fake.server.shutdown()
    fake.server.server_close()
    thread.join()


@pytest.fixture
def config(nominatim: FakeNominatim, tmp_path: Path) -> GeocoderSettings:
    return GeocoderSettings(enabled=True, domain=f"127.0.0.1:{nominatim.port}", scheme="http",
                          user_agent="geomap-tests", min_delay=0.0, timeout=TIMEOUT,
                          cache_path=tmp_path / "cache.sqlite")


@pytest.fixture
def geocoder(config: GeocoderSettings) -> FallbackGeocoder:
    return FallbackGeocoder(config)


# -- the geocoder alone --------------------------------------------------------


def test_found(nominatim: FakeNominatim, geocoder: FallbackGeocoder) -> None:
    """A result becomes float coordinates, an upper-case country code and a feature."""
    nominatim.replies["Okrestina"] = OKRESTINA
    result = geocoder.geocode("Okrestina", "fr", ("by",))
    assert result.status == "found"
    assert result.name == "Okrestina"
    assert isinstance(result.lat, float) and isinstance(result.lon, float)
    assert (result.lat, result.lon) == pytest.approx((53.8667, 27.4717))
    assert result.country_code == "BY"
    assert result.feature == "city"
    params = nominatim.params[0]
    assert params["format"] == "json"
    assert params["accept-language"] == "fr"
    assert params["countrycodes"] == "by"


def test_not_found(geocoder: FallbackGeocoder) -> None:
    """An empty list is "not_found"."""
    assert geocoder.geocode("Nowhere at all").status == "not_found"


def test_timeout_is_an_error(nominatim: FakeNominatim, config: GeocoderSettings) -> None:
    """A server slower than the timeout gives "error", not a hang."""
    nominatim.replies["Okrestina"] = Reply(results=OKRESTINA.results, delay=SLOW)
    impatient = FallbackGeocoder(replace(config, timeout=SHORT_TIMEOUT))
    started = time.monotonic()
    assert impatient.geocode("Okrestina").status == "error"
    assert time.monotonic() - started < SLOW


@pytest.mark.parametrize("status", [429, 500])
def test_http_error_is_an_error(nominatim: FakeNominatim, geocoder: FallbackGeocoder,
                                status: int) -> None:
    """Rate limiting and server errors give "error"."""
    nominatim.replies["Okrestina"] = Reply(status)
    assert geocoder.geocode("Okrestina").status == "error"
    assert nominatim.hits["Okrestina"] == 1


def test_answers_are_cached(nominatim: FakeNominatim, config: GeocoderSettings,
                            geocoder: FallbackGeocoder) -> None:
    """Found and not-found answers reach the server once, and persist in the cache file."""
    nominatim.replies["Okrestina"] = OKRESTINA
    first = [geocoder.geocode("Okrestina"), geocoder.geocode("Nowhere")]
    second = [geocoder.geocode("Okrestina"), geocoder.geocode("Nowhere")]
    assert [r.status for r in first] == ["found", "not_found"]
    assert second == first
    assert nominatim.hits == {"Okrestina": 1, "Nowhere": 1}

    reopened = FallbackGeocoder(config)
    assert [reopened.geocode("Okrestina"), reopened.geocode("Nowhere")] == first
    assert nominatim.total == 2


def test_errors_are_not_cached(nominatim: FakeNominatim, config: GeocoderSettings,
                               geocoder: FallbackGeocoder) -> None:
    """After a 500, a new geocoder on the same cache asks again and gets the answer."""
    nominatim.replies["Okrestina"] = Reply(500)
    assert geocoder.geocode("Okrestina").status == "error"
    nominatim.replies["Okrestina"] = OKRESTINA
    assert FallbackGeocoder(config).geocode("Okrestina").status == "found"
    assert nominatim.hits["Okrestina"] == 2


def test_pause_after_error(nominatim: FakeNominatim, geocoder: FallbackGeocoder) -> None:
    """Right after an error the same geocoder answers "error" without asking the server."""
    nominatim.replies["Okrestina"] = Reply(500)
    nominatim.replies["Minsk"] = Reply(results=OKRESTINA.results)
    assert geocoder.geocode("Okrestina").status == "error"
    assert geocoder.geocode("Minsk").status == "error"
    assert nominatim.hits == {"Okrestina": 1}


# -- configuration -------------------------------------------------------------


@pytest.mark.parametrize("value", ["off", "OFF", "0", "false", "no"])
def test_from_env_switch_off(tmp_path: Path, value: str) -> None:
    """GEOMAP_GEOCODER=off (and its synonyms) disables the geocoder."""
    env = {"GEOMAP_INSTANCE": str(tmp_path), "GEOMAP_GEOCODER": value}
    assert Settings.from_env(env).geocoder.enabled is False


def test_from_env_defaults(tmp_path: Path) -> None:
    """Without variables: enabled, public Nominatim, cache in the instance folder."""
    config = Settings.from_env({"GEOMAP_INSTANCE": str(tmp_path)}).geocoder
    assert config == GeocoderSettings(cache_path=tmp_path / "geocoder-cache.sqlite")
    assert config.enabled and config.domain == "nominatim.openstreetmap.org"


def test_from_env_reads_every_setting(tmp_path: Path) -> None:
    """Each GEOMAP_* variable lands in its field."""
    env = {"GEOMAP_GEOCODER": "nominatim", "GEOMAP_NOMINATIM_DOMAIN": "geo.example:8080",
           "GEOMAP_NOMINATIM_SCHEME": "http", "GEOMAP_GEOCODER_USER_AGENT": "agent/1.0",
           "GEOMAP_GEOCODER_MIN_DELAY": "2.5", "GEOMAP_GEOCODER_TIMEOUT": "7",
           "GEOMAP_GEOCODER_CACHE": str(tmp_path / "elsewhere.sqlite")}
    env["GEOMAP_INSTANCE"] = str(tmp_path / "instance")
    assert Settings.from_env(env).geocoder == GeocoderSettings(
        enabled=True, domain="geo.example:8080", scheme="http", user_agent="agent/1.0",
        min_delay=2.5, timeout=7.0, cache_path=tmp_path / "elsewhere.sqlite")


def test_disabled_geocoder_makes_no_request(nominatim: FakeNominatim,
                                            config: GeocoderSettings) -> None:
    """enabled=False answers "off" and never calls the server."""
    nominatim.replies["Okrestina"] = OKRESTINA
    off = FallbackGeocoder(replace(config, enabled=False))
    assert off.geocode("Okrestina").status == "off"
    assert nominatim.total == 0


def test_user_agent_reaches_server(nominatim: FakeNominatim, geocoder: FallbackGeocoder) -> None:
    """The configured user agent is sent, as Nominatim's usage policy requires."""
    geocoder.geocode("Okrestina")
    assert nominatim.user_agents == ["geomap-tests"]


# -- through the pipeline and the store ----------------------------------------


@pytest.fixture
def article(gazetteer: Gazetteer) -> Article:
    assert gazetteer.candidates(UNKNOWN_TOWN) == []
    return make_article(ARTICLE_TEXT, "fr", "2020-08-15")


def pipeline_with(gazetteer: Gazetteer, geocoder: FallbackGeocoder) -> Pipeline:
    """A pipeline on the shared gazetteer (the spaCy model is cached once per process)."""
    return Pipeline(gazetteer=gazetteer, geocoder=geocoder)


def test_pipeline_uses_geocoder(nominatim: FakeNominatim, gazetteer: Gazetteer,
                                geocoder: FallbackGeocoder, article: Article) -> None:
    """A name the gazetteer does not know is placed by the geocoder."""
    nominatim.replies[UNKNOWN_TOWN] = MARNE_TOWN
    extraction = pipeline_with(gazetteer, geocoder).extract(article)
    [place] = [p for p in extraction.places if p.mention.text == UNKNOWN_TOWN]
    assert place.source == "geocoder"
    assert (place.lat, place.lon) == pytest.approx((48.85, 2.6))
    assert place.country_code == "FR" and place.feature == "city"
    assert extraction.pending is False


def test_ingest_survives_geocoder_error_and_retries(
        nominatim: FakeNominatim, gazetteer: Gazetteer, config: GeocoderSettings,
        geocoder: FallbackGeocoder, article: Article, tmp_path: Path) -> None:
    """A 500 leaves the mention unresolved and the article pending; retry_pending fixes it."""
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    nominatim.replies[UNKNOWN_TOWN] = Reply(500)
    assert ingest(store, [article], pipeline_with(gazetteer, geocoder)).new == [article.id]
    stored = store.article(article.id)
    assert stored is not None
    [mention] = [m for m in stored["mentions"] if m["text"] == UNKNOWN_TOWN]
    assert mention["lat"] is None and mention["lon"] is None
    assert [row["id"] for row in store.pending_articles()] == [article.id]

    still_failing = pipeline_with(gazetteer, FallbackGeocoder(config))
    assert retry_pending(store, still_failing) == RetryReport(tried=1, resolved=0)
    assert [row["id"] for row in store.pending_articles()] == [article.id]

    nominatim.replies[UNKNOWN_TOWN] = MARNE_TOWN
    retry = pipeline_with(gazetteer, FallbackGeocoder(config))
    assert retry_pending(store, retry) == RetryReport(tried=1, resolved=1)
    [mention] = [m for m in store.article(article.id)["mentions"] if m["text"] == UNKNOWN_TOWN]
    assert (mention["lat"], mention["lon"]) == pytest.approx((48.85, 2.6))
    assert mention["source"] == "geocoder"
    assert store.pending_articles() == []
    assert nominatim.hits[UNKNOWN_TOWN] == 3


@pytest.mark.parametrize("body", [
    [{}], {"foo": 1}, [1, 2], "text", [None],
    [{"lon": "27.47", "name": "Okrestina"}],                     # no latitude
    [{"lat": "53.8", "lon": None}],
    [{"lat": "95", "lon": "27.4"}], [{"lat": "53.8", "lon": "-190"}],   # out of range
    [{"lat": "nan", "lon": "27.4"}], [{"lat": "inf", "lon": "27.4"}],
    [{"lat": [53.8], "lon": "27.4"}],
])
def test_answers_of_the_wrong_shape_are_errors_never_cached(
        nominatim: FakeNominatim, config: GeocoderSettings, geocoder: FallbackGeocoder,
        body: object) -> None:
    """An answer that is not a list of places with coordinates in range is a failure: the
    name is tried again later, never cached as found."""
    nominatim.replies["Okrestina"] = Reply(results=body)
    assert geocoder.geocode("Okrestina").status == "error"
    nominatim.replies["Okrestina"] = OKRESTINA
    assert FallbackGeocoder(config).geocode("Okrestina").status == "found"
    assert nominatim.hits["Okrestina"] == 2


def test_ingest_survives_an_answer_of_the_wrong_shape(
        nominatim: FakeNominatim, gazetteer: Gazetteer, geocoder: FallbackGeocoder,
        article: Article, tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    nominatim.replies[UNKNOWN_TOWN] = Reply(results=[{}])
    assert ingest(store, [article], pipeline_with(gazetteer, geocoder)).new == [article.id]
    assert [row["id"] for row in store.pending_articles()] == [article.id]


def test_the_resolver_makes_no_request(nominatim: FakeNominatim, gazetteer: Gazetteer,
                                       geocoder: FallbackGeocoder, article: Article) -> None:
    """Resolution lists the unknown names; only the pipeline's pass asks the geocoder."""
    nominatim.replies[UNKNOWN_TOWN] = MARNE_TOWN
    pipeline = pipeline_with(gazetteer, geocoder)
    from geomap.language import parse, sentences

    [(parsed, doc)] = parse([article])
    mentions = pipeline.finder.find(parsed, doc, sentences(doc, parsed.text))
    resolution = pipeline.resolver.resolve(parsed, mentions)
    assert nominatim.total == 0
    assert [lookup.query for _, lookup in resolution.lookups] == [UNKNOWN_TOWN]
    assert all(place.lat is None for place, _ in resolution.lookups)
