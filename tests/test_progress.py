"""Progress a person can see: a live line per phase on a terminal, one line per phase in a pipe,
nothing with --quiet (briefing/progress.py)."""

import io

from briefing import progress
from briefing.errors import Reporter
from briefing.pipeline import build
from tests.conftest import TODAY, messages


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_live_line_with_rate_and_time_left_then_the_phase_summary(monkeypatch):
    monkeypatch.setattr(progress, "LIVE_AFTER", 0)
    monkeypatch.setattr(progress, "LIVE_EVERY", 0)
    monkeypatch.setattr(progress, "SUMMARY_AFTER", 0)
    clock = iter([100.0, 101.0, 102.0, 104.0])
    monkeypatch.setattr(progress.time, "perf_counter", lambda: next(clock))
    term = Reporter(stream=Terminal())
    phase = term.progress("render", 6000, "pages")  # started at 100 s
    phase(1000)  # at 101 s: 1,000/s, 5 s left
    assert term.stream.getvalue() == "\rrender 1,000/6,000 pages · 1,000/s · 5 s left\033[K"
    term.warn("a.md", "careful")  # a warning clears the line first, so it is not glued to it
    assert term.stream.getvalue().endswith("\r\033[Ka.md: warning: careful\n")
    phase(3000)  # at 102 s
    assert term.stream.getvalue().endswith("\rrender 3,000/6,000 pages · 1,500/s · 2 s left\033[K")
    phase(6000)  # done at 104 s: the live line gives way to the summary
    assert term.stream.getvalue().endswith("\r\033[Krender: 6,000 pages in 4.00 s (1,500/s)\n")


def test_in_a_pipe_one_line_per_phase_and_nothing_live(monkeypatch):
    monkeypatch.setattr(progress, "SUMMARY_AFTER", 0)
    log = Reporter(stream=io.StringIO())
    phase = log.progress("ingest", 3, "seeds")
    phase(1)
    phase(2)
    assert log.stream.getvalue() == ""
    phase(3)
    assert log.stream.getvalue().startswith("ingest: 3 seeds in ")


def test_quiet_nothing_to_do_or_quick_prints_nothing(monkeypatch):
    assert Reporter(stream=Terminal(), quiet=True).progress("render", 100) is None
    assert Reporter(stream=Terminal()).progress("render", 0) is None
    log = Reporter(stream=io.StringIO())
    phase = log.progress("render", 10, "pages")
    phase(10)  # well under SUMMARY_AFTER
    assert log.stream.getvalue() == ""


def test_a_build_in_a_pipe_names_each_phase(tmp_site, reporter, monkeypatch):
    monkeypatch.setattr(progress, "SUMMARY_AFTER", 0)
    seed = "Grain corridor agreed in Minsk\n\nMINSK, 5 June (BelTA) – The parties agreed on a grain corridor.\n"
    config = tmp_site({"seeds/a.txt": seed, "seeds/b.txt": seed.replace("Grain", "Rail")})
    build(config, reporter, today=TODAY)
    lines = messages(reporter).splitlines()
    for label in ("ingest: 2 seeds in ", "read: 2 pages in ", "render: ", "search: 2 pages in "):
        assert any(line.startswith(label) for line in lines), (label, lines)
    assert "\r" not in messages(reporter)  # nothing live in a pipe
