"""The `geomap` command: extract, ingest, import, export, delete, user, serve, retry and
build-gazetteer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geomap.model import Article, InputError
from geomap.settings import Settings

EXIT_INTERNAL_ERROR = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    """Run a command with the settings of env (default: the environment); its exit status."""
    parser = _parser()
    args = parser.parse_args(_joined_values(sys.argv[1:] if argv is None else argv))
    try:
        return args.run(args, Settings.from_env(env)) or 0
    except InputError as e:
        print(f"geomap: error: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("geomap: interrupted (every batch stored so far is kept)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as e:          # a defect of geomap's own: a message, not a traceback
        print(f"geomap: internal error ({type(e).__name__}: {e}); every batch stored so far is"
              " kept. Please report it with the command and the input that gave it.",
              file=sys.stderr)
        return EXIT_INTERNAL_ERROR


# Options whose value may start with a minus sign: "--bbox -5,42,8,51" (west of Greenwich).
SIGNED_OPTIONS = ("--bbox",)


def _joined_values(argv: list[str]) -> list[str]:
    """["--bbox", "-5,42,8,51"] -> ["--bbox=-5,42,8,51"]: argparse takes a value that starts
    with "-" for an option unless it is joined to its option."""
    out: list[str] = []
    items = iter(argv)
    for item in items:
        if item in SIGNED_OPTIONS:
            value = next(items, None)
            out.append(item if value is None else f"{item}={value}")
        else:
            out.append(item)
    return out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="geomap", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="print the places and events found in articles")
    p.add_argument("file", nargs="?", type=Path, help="a text or Markdown article")
    p.add_argument("--jsonl", type=Path, help="JSON Lines of articles: one output line each")
    p.add_argument("--lang", help="fr or en (detected when not given)")
    p.add_argument("--published", help="publication date, YYYY-MM-DD")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.set_defaults(run=cmd_extract)

    p = sub.add_parser("ingest", help="extract from articles and store them")
    p.add_argument("paths", nargs="+", type=Path, help="files (.txt, .md, .jsonl) or folders")
    p.add_argument("--lang", help="fr or en, for files that do not say")
    p.add_argument("--published", help="publication date, for files that do not say")
    p.add_argument("--batch", type=int, default=None,
                   help="articles stored per transaction, and per Dask partition (default: 50)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: worker processes on this machine (default); dask: partitions on"
                        " a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster)")
    p.add_argument("--replace", action="store_true",
                   help="replace the stored articles with the same id or URL by these versions"
                        " (their events keep their ids and reviews)")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("delete", help="delete articles and the events only they report")
    p.add_argument("ids", nargs="+", help="article ids")
    p.set_defaults(run=cmd_delete)

    p = sub.add_parser("user", help="manage the editors who may add, review and delete")
    users = p.add_subparsers(required=True, metavar="ACTION")
    q = users.add_parser("add", help="add an editor; the password is read from standard input"
                                     " (asked for on a terminal)")
    q.add_argument("name")
    q.set_defaults(run=cmd_user_add)

    p = sub.add_parser("import", help="store events from ACLED-style CSV or GeoJSON files")
    p.add_argument("paths", nargs="+", type=Path, help=".csv (ACLED columns) or .geojson files")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("retry", help="geocode again the names a geocoder error left unresolved")
    p.set_defaults(run=cmd_retry)

    p = sub.add_parser("export", help="write the stored events as GeoJSON, CSV or GeoPackage")
    p.add_argument("-o", "--output", type=Path, help="output file (default: GeoJSON on stdout)")
    p.add_argument("--format", choices=("geojson", "csv", "gpkg"), default=None)
    p.add_argument("--type", help="event type or category, e.g. Protests or strike")
    p.add_argument("--since", help="first date, YYYY-MM-DD")
    p.add_argument("--until", help="last date, YYYY-MM-DD")
    p.add_argument("--country", help="ISO country code, e.g. BY")
    p.add_argument("--sub-type", dest="sub_type", help="ACLED sub-event type, e.g. 'Peaceful protest'")
    p.add_argument("--article", help="events of one article or imported dataset (its id)")
    p.add_argument("--q", help="text to search in the sentences and places")
    p.add_argument("--bbox", help="min lon,min lat,max lon,max lat")
    p.add_argument("--planned", choices=("yes", "no"),
                   help="only events announced for later (yes) or only those that happened (no)")
    p.add_argument("--status", help="review statuses, e.g. verified or verified,edited, or all"
                                    " (default: all but rejected)")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("serve", help="serve the map on http://127.0.0.1:5000")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("build-gazetteer", help="build the offline gazetteer from its sources")
    p.add_argument("--output", type=Path,
                   help="where to write it (default: $GEOMAP_GAZETTEER, see the README)")
    p.set_defaults(run=cmd_build_gazetteer)
    return parser


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from geomap.articles import read_article_file, read_jsonl
    from geomap.ingest import extract_all
    from geomap.pipeline import Pipeline

    if (args.file is None) == (args.jsonl is None):
        raise InputError("give one article FILE or --jsonl FILE")
    if args.jsonl:
        articles: list[Article] = list(read_jsonl(args.jsonl, warn=_warn))
    else:
        overrides = {"lang": args.lang, "published": args.published}
        articles = [read_article_file(args.file, overrides=overrides)]
    pipeline = Pipeline.from_settings(settings)
    for extraction in extract_all(pipeline, articles, settings.workers):
        if args.format == "text" and not args.jsonl:
            _print_text(extraction)
        else:
            sys.stdout.write(_json_line(extraction.as_dict()))
    return 0


def _json_line(record: dict) -> str:
    """One line of JSON, readable as text: the characters that some readers take for line
    breaks (U+0085, U+2028, U+2029) are escaped too."""
    text = json.dumps(record, ensure_ascii=False)
    return text.translate(LINE_BREAKS) + "\n"


def _warn(message: str) -> None:
    print(f"geomap: warning: {message}", file=sys.stderr)


def _print_text(extraction) -> None:
    for p in extraction.places:
        where = f"{p.lat:.4f}, {p.lon:.4f}" if p.lat is not None else "unresolved"
        print(f"{p.mention.start:>6}  {p.mention.text:<40} {p.feature:<9} {p.country_code:<3}"
              f" {p.name} ({where})")
    for e in extraction.events:
        print(f"{e.date}  {e.event_type} / {e.sub_event_type or '-'}  at {e.location}: {e.trigger}")


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from geomap.articles import read_path
    from geomap.ingest import COMMIT_BATCH, ingest
    from geomap.pipeline import Pipeline
    from geomap.store import open_store

    batch = COMMIT_BATCH if args.batch is None else args.batch
    if not 1 <= batch <= 10_000:
        raise InputError(f"--batch {batch} is not a number of articles from 1 to 10000")
    if args.scheduler and args.engine != "dask":
        raise InputError("--scheduler is for --engine dask")
    defaults = {"lang": args.lang, "published": args.published}
    articles = [article for path in args.paths for article in read_path(path, defaults)]
    if not articles:
        raise InputError("no articles found (.txt, .md or .jsonl)")
    if args.engine == "dask":
        from geomap.bulk import ingest_dask

        if args.replace:
            raise InputError("--replace runs on this machine: leave out --engine dask")
        report = ingest_dask(settings, articles, args.scheduler, batch=batch, progress=True)
    else:
        report = ingest(open_store(settings.database), articles, Pipeline.from_settings(settings),
                        settings.workers, progress=True, batch=batch, replace=args.replace)
    for given, new in report.renamed.items():
        _warn(f"id {given!r} is another article's: stored as {new!r}")
    replaced = f", {len(report.replaced)} replaced" if args.replace else ""
    print(f"geomap: {len(report.new)} new article(s){replaced},"
          f" {len(articles) - len(report.new) - len(report.replaced)} already stored",
          file=sys.stderr)
    return 0


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from geomap.store import open_store

    store = open_store(settings.database)
    missing = [i for i in args.ids if store.article(i) is None]
    if missing:
        raise InputError(f"no article {', '.join(map(repr, missing))}: nothing deleted")
    who = f"{getpass.getuser()} (command line)"
    for article_id in args.ids:
        store.delete_article(article_id, who)
    print(f"geomap: {len(args.ids)} article(s) deleted", file=sys.stderr)
    return 0


def cmd_user_add(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from geomap.accounts import add_editor
    from geomap.store import open_store

    if sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise InputError("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    add_editor(open_store(settings.database), args.name, password)
    print(f"geomap: editor {args.name!r} added", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from geomap.importer import read_dataset, store_dataset
    from geomap.store import open_store

    datasets = [read_dataset(path) for path in args.paths]     # check every file first
    store = open_store(settings.database)
    for dataset in datasets:
        new = store_dataset(store, dataset, progress=True)
        state = f"{len(dataset.events)} events imported" if new else "already imported"
        print(f"geomap: {dataset.record.title}: {state} as {dataset.record.id}", file=sys.stderr)
    return 0


def cmd_retry(args: argparse.Namespace, settings: Settings) -> int:
    from geomap.ingest import retry_pending
    from geomap.pipeline import Pipeline
    from geomap.store import open_store

    store = open_store(settings.database)
    waiting = len(store.pending_articles())
    if not waiting:
        print("geomap: no article waits for the geocoder", file=sys.stderr)
        return 0
    if not settings.geocoder.enabled:
        raise InputError(f"{waiting} article(s) wait for the geocoder, but it is off"
                         " (GEOMAP_GEOCODER=off): turn it on to retry them")
    report = retry_pending(store, Pipeline.from_settings(settings))
    print(f"geomap: {report.tried} article(s) tried again: {report.resolved} resolved,"
          f" {report.waiting} still waiting for the geocoder", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from geomap.frames import Coarsening, write_events
    from geomap.gazetteer import Gazetteer
    from geomap.query import EventFilter, prepared
    from geomap.store import open_store
    from geomap.store.sql import describe

    fmt = args.format or (args.output.suffix.lstrip(".") if args.output else "geojson")
    if fmt not in ("geojson", "csv", "gpkg"):
        raise InputError(f"unknown export format {fmt!r}: use geojson, csv or gpkg")
    if fmt == "gpkg" and not args.output:
        raise InputError("GeoPackage export needs --output FILE")
    store = open_store(settings.database)
    filters = prepared(EventFilter.parse(type=args.type, since=args.since, until=args.until,
                                         country=args.country, sub_type=args.sub_type,
                                         article=args.article, q=args.q, bbox=args.bbox,
                                         planned=args.planned, status=args.status),
                       store, lambda: Gazetteer(settings.gazetteer))
    if args.output and not args.output.parent.is_dir():
        raise InputError(f"cannot write {args.output}: the folder {args.output.parent} does not"
                         " exist")
    coarsen = Coarsening(settings.coarsen, settings.gazetteer) if settings.coarsen else None
    data = write_events(store, filters, fmt, coarsen=coarsen)
    if args.output:
        tmp = args.output.with_name(args.output.name + ".part")
        try:
            tmp.write_bytes(data)
            tmp.replace(args.output)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise InputError(f"cannot write {args.output}: {e.strerror}") from None
        print(f"geomap: {describe(filters)} written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from geomap.web import create_app

    create_app(settings).run(host=args.host, port=args.port)
    return 0


def cmd_build_gazetteer(args: argparse.Namespace, settings: Settings) -> int:
    from geomap.gazetteer_build import build
    from geomap.settings import shipped

    counts = build(shipped("tables"), args.output or settings.gazetteer)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
