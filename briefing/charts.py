"""Small inline SVG charts: an entity's articles per year, and the timeline's proportional axis.

Pure functions from model values to SVG markup; text is escaped, numbers are rounded so the output
is the same on every machine. The pictures are decoration for what the page also says in words
(the bars carry role="img" and an aria-label with the numbers; the timeline's dots repeat the list
below them, so that picture is hidden from assistive technology and its links from the tab order).
"""
from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

from . import urls
from .site import Year, slugs


def year_bars(by_year: tuple[tuple[int, int], ...], label: str) -> Markup:
    """Bars of articles per year (oldest left), each with its count as a tooltip."""
    if not by_year:
        return Markup("")
    width, height, gap = 24, 60, 6
    most = max(n for _y, n in by_year) or 1
    total_width = len(by_year) * (width + gap)
    summary = ", ".join(f"{y}: {n}" for y, n in by_year)
    parts = [
        f'<svg class="bars" viewBox="0 0 {total_width} {height + 16}" width="{total_width}" height="{height + 16}" '
        f'role="img" aria-label="{escape(label)} per year: {escape(summary)}">'
    ]
    for i, (year, n) in enumerate(by_year):
        h = round(height * n / most, 1)
        x = i * (width + gap)
        parts.append(
            f'<g><title>{year}: {n}</title><rect x="{x}" y="{round(height - h, 1)}" width="{width}" height="{h}" rx="2"></rect>'
            f'<text x="{x + width / 2}" y="{height + 13}" text-anchor="middle">{str(year)[2:]}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline_svg(years: tuple[Year, ...], page_url: str, pretty: bool) -> Markup:
    """A horizontal time axis, proportional to time: a tick per year and month, a dot per article
    (linked), reporting periods drawn as bars. Dots carry the article's organizations and countries
    for the page's filters."""
    cards = [c for y in years for m in y.months for c in m.cards]
    if not cards:
        return Markup("")
    first = min(c.period.start if c.period else c.date for c in cards)
    last = max(c.period.end if c.period else c.date for c in cards)
    start = dt.date(first.year, first.month, 1)
    end = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    span = max(1, (end - start).days)
    width, left, right = 1000, 10, 10
    lanes: dict[str, int] = {}

    def x(day: dt.date) -> float:
        return round(left + (width - left - right) * (day - start).days / span, 1)

    parts = []
    # month and year ticks
    month = start
    while month <= end:
        major = month.month == 1 or month == start
        parts.append(f'<line class="{"year" if major else "month"}" x1="{x(month)}" x2="{x(month)}" y1="20" y2="{34 if major else 28}"></line>')
        if major:
            parts.append(f'<text x="{round(x(month) + 2, 1)}" y="14">{month.year}</text>')
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="20" y2="20"></line>')
    height = 40
    for c in sorted(cards, key=lambda c: (c.date, c.slug)):
        key = c.date.isoformat()
        lane = lanes[key] = lanes.get(key, -1) + 1
        y = 44 + 8 * (lane % 12)
        height = max(height, y + 10)
        data = (
            f'data-organizations="{escape(slugs(c.organizations))}" '
            f'data-countries="{escape(slugs(c.countries))}"'
        )
        href = urls.relative(page_url, c.url, pretty)
        if c.period:
            parts.append(
                f'<a href="{escape(href)}" tabindex="-1" class="item" {data}><title>{escape(c.title)} ({c.period.start.isoformat()} – {c.period.end.isoformat()})</title>'
                f'<rect class="period" x="{x(c.period.start)}" y="{y - 3}" width="{max(2.0, round(x(c.period.end) - x(c.period.start), 1))}" height="6" rx="3"></rect></a>'
            )
        else:
            parts.append(
                f'<a href="{escape(href)}" tabindex="-1" class="item" {data}><title>{escape(c.title)} ({key})</title>'
                f'<circle cx="{x(c.date)}" cy="{y}" r="3.5"></circle></a>'
            )
    # The list below the chart says the same in words and is what keyboards and screen readers use.
    head = f'<svg class="axis-chart" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false">'

    return Markup(head + "".join(parts) + "</svg>")
