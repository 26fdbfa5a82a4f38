"""Command line: build (default), ingest, extract, serve, check.

Exit status: 0 success (warnings allowed), 1 a problem in the user's input, 2 bad usage,
3 an internal error (with the file being processed; the traceback only with --debug).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
import threading
import traceback
from dataclasses import replace
from pathlib import Path

from . import __version__
from .config import Config, default_config, load_config
from .errors import BriefingError, Problem, Reporter, SeedError, display_path, environment_error, failed_file, printable, processing

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 3  # (2, bad usage, is argparse's own)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="FILE", help="site configuration (default: ./config.yaml)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks of internal errors")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="only warnings and errors")

    future = argparse.ArgumentParser(add_help=False)
    future.add_argument("--future", action="store_true", default=argparse.SUPPRESS, help="include items scheduled with 'publish:' for a later day")

    parser = argparse.ArgumentParser(
        prog=_program_name(),
        parents=[common, future],
        description="Briefing: turn news items in seeds/ into Markdown pages and a static digest site.",
        epilog=f"Run '{_program_name()} COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("build", parents=[common, future], help="ingest new or changed seeds, then build the site (default)")
    p = sub.add_parser("ingest", parents=[common], help="only turn seeds into content pages")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="seeds to ingest (a file outside seeds/ is copied in first)")
    p.add_argument("--refresh", action="store_true", help="re-extract every page an editor has not changed")
    p = sub.add_parser("extract", parents=[common], help="print what extraction finds in files; writes nothing")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="seed files of any kind ingest reads (text, Markdown, web pages, feeds, PDF, Word)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    mode.add_argument("--explain", action="store_true", help="per field: the value, the rule that produced it and the text it came from")
    p = sub.add_parser("serve", parents=[common, future], help="build, serve on 127.0.0.1, rebuild and reload on change")
    p.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0: every machine that can reach it)")
    p = sub.add_parser("check", parents=[common], help="validate config, content, theme and the links of the built site")
    p.add_argument("--external", action="store_true", help="also request every link to another host (timeout 10 s each, 8 at a time); broken ones are warnings")
    return parser


def _program_name() -> str:
    """'build.py' or 'briefing', as the user typed it, for usage lines and help."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name if name in ("build.py", "briefing") else "briefing"


def run() -> None:
    """The `briefing` console script (and build.py): run a command and leave with its status."""
    code = main()
    if threading.active_count() == 1 and not _observed():  # (a profiler or tracer reports at exit)
        # Every file is closed by now: leave without tearing the interpreter down, which frees a big
        # site's objects one by one (a tenth of a second of a rebuild at 5,000 articles).
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe (`... | head`): nothing more can be said
            pass
        os._exit(code)
    raise SystemExit(code)


def _observed() -> bool:
    """A profiler, tracer or debugger is attached: the old hooks, or (Python 3.12+, where cProfile
    uses them) a tool of sys.monitoring."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    return monitoring is not None and any(monitoring.get_tool(tool) is not None for tool in range(6))


def _relative(problem: Problem) -> Problem:
    """A problem about a file under the current folder, named from it (data/entities.yaml, as
    content pages are named), not by its absolute path."""
    if not os.path.isabs(problem.path):
        return problem
    return replace(problem, path=display_path(Path(problem.path), Path.cwd()))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "build"
    if command != "serve":  # serve runs for hours: it pauses the collector per build instead
        # A build makes many small objects and no reference cycles worth collecting while it runs:
        # the cyclic garbage collector would only scan them again and again (~20% of a no-op build).
        gc.disable()
    debug = getattr(args, "debug", False)
    reporter = Reporter(quiet=getattr(args, "quiet", False))
    try:
        return _COMMANDS[command](args, reporter)
    except BriefingError as exc:
        for problem in exc.problems:
            print(_relative(problem), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: report, do not crash
        where = failed_file(exc) or "the site"
        environment = environment_error(exc, exc.filename or where) if isinstance(exc, OSError) else None
        if environment is not None:  # a full disk, a read-only folder: not a bug
            for problem in environment.problems:
                print(problem, file=sys.stderr)
            if debug:
                traceback.print_exc()
            return EXIT_INPUT
        print(internal_error_text(exc, where), file=sys.stderr)
        if debug:
            traceback.print_exc()
        return EXIT_INTERNAL


def internal_error_text(exc: BaseException, where: str) -> str:
    """What the user is told of a bug: the file it happened on and what to do."""
    return (
        f"internal error while processing {printable(where)}: {type(exc).__name__}: {printable(str(exc))}\n"
        "This is a bug in Briefing; please report it with the file above. Run with --debug for the traceback."
    )


def _config(args, required: bool = True) -> Config:
    path = getattr(args, "config", None)
    if path is None:
        path = Path("config.yaml")
        if not path.exists() and not required:
            return default_config()
    return load_config(path)


def _today() -> dt.date:
    """The ingest day; BRIEFING_TODAY=YYYY-MM-DD pins it (reproducible tests and examples)."""
    pinned = os.environ.get("BRIEFING_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise BriefingError(f"BRIEFING_TODAY must be a date like 2024-06-05, not {pinned!r}") from None
    return dt.date.today()


def cmd_build(args, reporter: Reporter) -> int:
    from .pipeline import build

    config = _config(args)
    report = build(config, reporter, today=_today(), future=getattr(args, "future", False))
    if report.ingest is not None and (report.ingest.created or report.ingest.updated or report.ingest.proposals or report.ingest.recovered):
        reporter.info(report.ingest.summary())
    reporter.info(report.summary())
    if getattr(args, "debug", False):
        reporter.info("  " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.phases.items()))
    return EXIT_OK


def cmd_ingest(args, reporter: Reporter) -> int:
    from .ingest import ingest

    config = _config(args)
    report = ingest(config, reporter, files=args.files or None, refresh=args.refresh, today=_today())
    reporter.info(report.summary())
    return EXIT_OK


def cmd_extract(args, reporter: Reporter) -> int:
    from . import frontmatter, readers
    from .content import Article, Period, article_meta
    from .extract import Options, explain, load_gazetteer
    from .origin import Publishers, extract_item
    from .sources import read_regular

    config = _config(args, required=False)
    ex = config.extraction
    options = Options(_today(), ex.summary_sentences, ex.summary_max_chars, ex.title_max_words, ex.max_tags)
    # The compiled gazetteer is kept in the site's cache folder; with no site (no config file) nothing is written.
    has_site = getattr(args, "config", None) is not None or Path("config.yaml").exists()
    gaz = load_gazetteer(config.path("data"), config.path("cache") if has_site else None)
    publishers = Publishers(gaz, config.path("data"))
    status = EXIT_OK
    for path in args.files:
        with processing(str(path)):
            try:
                data = read_regular(path)  # not a FIFO (it would wait forever), not /dev/zero
                items = readers.read_items(str(path), data)
            except SeedError as exc:
                status = EXIT_INPUT
                _extract_error(args, str(path), exc)
                continue
            for warning in items.warnings:
                reporter.warn(str(path), warning)
            # A feed prints one record per entry, named `FILE#<guid>` as ingest names it.
            for item in items:
                try:
                    reading = item.reading
                except SeedError as exc:
                    status = EXIT_INPUT
                    _extract_error(args, item.rel, exc)
                    continue
                for warning in reading.warnings:
                    reporter.warn(item.rel, warning)
                result, origin = extract_item(reading, gaz, options, publishers)
                if args.json:
                    print(json.dumps({"file": item.rel, **result.as_record(), **origin.as_record()}, ensure_ascii=False))
                elif args.explain:
                    print(f"== {item.rel}")
                    print(explain(result, reading.text), end="")
                    print(_explain_origin(result, origin))
                else:
                    article = Article(
                        path="",
                        slug="",
                        title=result.title,
                        date=result.date,
                        body="",
                        location=result.location,
                        organizations=tuple(result.organizations),
                        people=tuple(result.people),
                        countries=tuple(result.countries),
                        tags=tuple(result.tags),
                        summary=result.summary,
                        source=item.rel,
                        date_note=result.date_note,
                        period=Period(*result.period) if result.period else None,
                        agency=result.agency,
                        language=result.language,
                        source_url=origin.source_url,
                        publisher=origin.publisher,
                        published=origin.published,
                    )
                    print(f"# {item.rel}")
                    print(frontmatter.compose(article_meta(article), ""), end="")
    return status


def _extract_error(args, name: str, exc: Exception) -> None:
    if args.json:
        print(json.dumps({"file": name, "error": str(exc)}, ensure_ascii=False))
    else:
        print(f"{printable(name)}: error: {exc}", file=sys.stderr)


def _explain_origin(result, origin) -> str:
    """The lines of `extract --explain` about the original: what the file said, and the rule."""
    lines = []
    for key, value, rule in (
        ("source_url", origin.source_url, "the address the file gives (canonical link, a saved page's address, a feed entry's link, a 'Source:' line)"),
        ("publisher", origin.publisher, "the site name or credit line the file gives, canonical through data/entities.yaml and data/sites.yaml"),
        ("published", origin.published.isoformat() if origin.published else None, "the original's own date (page metadata, the feed entry's date)"),
    ):
        lines.append(f"{key}:")
        lines += [f"  {value}", f"    rule: {rule}"] if value else ["  (none)"]
    return "\n".join(lines) + "\n"


def cmd_serve(args, reporter: Reporter) -> int:
    from .serve import serve

    config = _config(args)
    return serve(config, reporter, host=args.host, port=args.port, today=_today, future=getattr(args, "future", False))


def cmd_check(args, reporter: Reporter) -> int:
    from .check import check
    from .files import build_lock

    config = _config(args)
    with build_lock(config.path("cache"), on_wait=lambda: reporter.info("waiting for another build of this site to finish...")):
        problems = check(config, reporter, external=args.external)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        print(p, file=sys.stderr)
    if errors:
        print(f"check: {len(errors)} error(s)", file=sys.stderr)
        return EXIT_INPUT
    reporter.info("check: no errors")
    return EXIT_OK


_COMMANDS = {"build": cmd_build, "ingest": cmd_ingest, "extract": cmd_extract, "serve": cmd_serve, "check": cmd_check}
