"""Small charts in HTML: an entity's activity by month, and the timeline's month grid with lanes.

Pure functions from model values to markup; text is escaped. Both are HTML (not a scaled SVG), so
their text keeps the page's size on a phone (never under 12 px) and needs no script. The timeline
grid is a table: months as columns (a run of empty months folds into one narrow column, so one
outlier year cannot squeeze the rest), the month counts of all briefings, then a lane per country
with its counts, then the reporting periods as ranges. Each count links to the month in the list
below it; the cells carry the items' slugs, so the page's filters can count again.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

from .model import Card, Year, slugs

GAP_MONTHS = 4
"""A run of at least this many empty months is folded into one column."""


def _month_after(y: int, m: int) -> tuple[int, int]:
    return (y + 1, 1) if m == 12 else (y, m + 1)


def month_bars(term, dates, tr) -> Markup:
    """Briefings per month of a term (per year when its months span more than three years), as
    bars with their numbers in words for screen readers."""
    months = term.by_month
    if len(months) > 36:
        bins = [(str(y), dates.month_year(y, 1)[-4:], n) for y, n in term.by_year]
        unit = tr.gettext("Briefings per year")
    else:
        bins = [(dates.month_short(m) + (f" {y}" if m == 1 or i == 0 else ""), dates.month_year(y, m), n) for i, (y, m, n) in enumerate(months)]
        unit = tr.gettext("Briefings per month")
    if len(bins) < 2:
        return Markup("")
    most = max(n for _l, _f, n in bins) or 1
    parts = [f'<figure class="activity"><figcaption>{escape(unit)}</figcaption><ol class="spark">']
    for short, full, n in bins:
        parts.append(
            f'<li style="--h:{round(100 * n / most)}%"><span class="bar" aria-hidden="true"></span>'
            f'<span class="visually-hidden">{escape(full)}: {n}</span>'
            f'<span class="lbl" aria-hidden="true">{escape(short)}</span></li>'
        )
    parts.append("</ol></figure>")
    return Markup("".join(parts))


def _columns(years: tuple[Year, ...]) -> list[tuple[int, int] | tuple[tuple[int, int], tuple[int, int]]]:
    """The grid's columns, oldest first: a (year, month), or a folded run ((y, m), (y, m)) of empty months."""
    counts = {(mo.year, mo.month): len(mo.cards) for y in years for mo in y.months}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    cols: list = []
    run: list[tuple[int, int]] = []
    ym = first
    while ym <= last:
        if counts.get(ym):
            if run:
                cols += [(run[0], run[-1])] if len(run) >= GAP_MONTHS else run
                run = []
            cols.append(ym)
        else:
            run.append(ym)
        ym = _month_after(*ym)
    return cols


def timeline_chart(years: tuple[Year, ...], lanes, page_url: str, pretty: bool, dates, tr) -> Markup:
    """The month grid of the timeline page (see the module's docstring). `lanes`: the terms (countries)
    that get a row of their own."""
    cols = _columns(years)
    if not cols:
        return Markup("")
    cards = [c for y in years for mo in y.months for c in mo.cards]
    by_month: dict[tuple[int, int], list[Card]] = {}
    for c in cards:
        by_month.setdefault((c.date.year, c.date.month), []).append(c)
    gt = tr.gettext
    most = max(len(v) for v in by_month.values())

    def cell(items: list[Card], ym: tuple[int, int], cls: str) -> str:
        if not items:
            return '<td class="e"></td>'
        n = len(items)
        label = f"{dates.month_year(*ym)}: {n}"
        return (
            f'<td class="{cls}" data-items="{escape(" ".join(c.slug for c in items))}" style="--n:{round(100 * n / most)}%">'
            f'<a href="#m{ym[0]}-{ym[1]}" title="{escape(label)}"><span class="visually-hidden">{escape(dates.month_year(*ym))}: </span>'
            f'<span class="num">{n}</span></a></td>'
        )

    head_years, head_months = [], []
    prev_year = None
    for col in cols:
        if isinstance(col[0], tuple):
            (y0, m0), (y1, m1) = col
            span = f"{dates.month_year(y0, m0)} – {dates.month_year(y1, m1)}"
            head_years.append(
                f'<th scope="col" class="gap" title="{escape(gt("No briefings"))}: {escape(span)}"><span class="visually-hidden">{escape(gt("No briefings"))}: {escape(span)}</span><span aria-hidden="true">⋯</span></th>'
            )
            head_months.append('<td class="gap"></td>')
            prev_year = None
            continue
        y, m = col
        year_label = str(y) if y != prev_year else ""
        prev_year = y
        head_years.append(
            f'<th scope="col" class="{"y" if year_label else "y cont"}"><span class="visually-hidden">{escape(dates.month_year(y, m))}</span><span aria-hidden="true">{year_label}</span></th>'
        )
        head_months.append(f'<td class="m" aria-hidden="true">{escape(dates.month_short(m))}</td>')

    rows = []
    # all briefings
    tds = []
    for col in cols:
        if isinstance(col[0], tuple):
            tds.append('<td class="gap"></td>')
        else:
            tds.append(cell(by_month.get(col, []), col, "bar"))
    rows.append(f'<tr class="all"><th scope="row">{escape(gt("All briefings"))}</th>{"".join(tds)}</tr>')
    for ref in lanes:
        tds = []
        for col in cols:
            if isinstance(col[0], tuple):
                tds.append('<td class="gap"></td>')
                continue
            items = [c for c in by_month.get(col, []) if ref in c.countries]
            tds.append(cell(items, col, "dot"))
        rows.append(f'<tr class="lane"><th scope="row">{escape(ref.name)}</th>{"".join(tds)}</tr>')
    periods = [c for c in cards if c.period]
    if periods:
        index = {col: i for i, col in enumerate(cols) if not isinstance(col[0], tuple)}
        # greedy rows: a period goes into the first row where it overlaps nothing
        placed: list[list[tuple[int, int, Card]]] = []
        for c in sorted(periods, key=lambda c: (c.period.start, c.slug)):
            a = index.get((c.period.start.year, c.period.start.month))
            b = index.get((c.period.end.year, c.period.end.month), a)
            if a is None:
                a = b
            if a is None:
                continue
            for row in placed:
                if all(b < s or a > e for s, e, _c in row):
                    row.append((a, b, c))
                    break
            else:
                placed.append([(a, b, c)])
        for n, row in enumerate(placed):
            tds, i = [], 0
            for a, b, c in sorted(row, key=lambda t: t[0]):
                tds += ['<td class="e"></td>'] * (a - i)
                start, end = c.period.start, c.period.end
                first_day = dt.date(start.year, start.month, 1)
                days = (dt.date(*_month_after(end.year, end.month), 1) - first_day).days
                left, width = 100 * (start - first_day).days / days, 100 * ((end - start).days + 1) / days
                label = f"{c.title}: {dates.day(start)} – {dates.day(end)}"
                tds.append(
                    f'<td class="range" colspan="{b - a + 1}" data-items="{escape(c.slug)}"><a href="#m{c.date.year}-{c.date.month}" title="{escape(label)}" '
                    f'style="margin-left:{left:.1f}%;width:{max(width, 12):.1f}%"><span class="visually-hidden">{escape(label)}</span></a></td>'
                )
                i = b + 1
            tds += ['<td class="e"></td>'] * (len(cols) - i)
            head = escape(gt("Reporting periods")) if n == 0 else ""
            rows.append(f'<tr class="periods"><th scope="row">{head}</th>{"".join(tds)}</tr>')
    caption = escape(gt("Briefings per month, in all and by country; reporting periods as ranges."))
    return Markup(
        f'<div class="tl-scroll" tabindex="0" role="region" aria-label="{escape(gt("Briefings per month"))}">'
        f'<table class="tl-grid"><caption class="visually-hidden">{caption}</caption>'
        f'<thead><tr><td></td>{"".join(head_years)}</tr><tr aria-hidden="true"><td></td>{"".join(head_months)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


# kept for themes that still call it: the entity's articles per year as plain bars
def year_bars(by_year: tuple[tuple[int, int], ...], label: str) -> Markup:
    if not by_year:
        return Markup("")
    most = max(n for _y, n in by_year) or 1
    items = "".join(
        f'<li style="--h:{round(100 * n / most)}%"><span class="bar" aria-hidden="true"></span><span class="lbl">{y}</span><span class="visually-hidden">: {n}</span></li>' for y, n in by_year
    )
    return Markup(f'<ol class="spark" aria-label="{escape(label)}">{items}</ol>')


__all__ = ["month_bars", "timeline_chart", "year_bars", "slugs"]
