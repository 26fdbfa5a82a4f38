"""A fixture site for the reader's pages: 60 invented items (English and Russian) in 36 places that
cluster around Minsk, Moscow and Central Asia, over two years with one outlier year, a reporting
period, stories with several reports, and dates whose year is uncertain. Every sentence here is
written for the tests (no text from the annotated corpus).

    write_fixture(root, language="en")   # content/, config.yaml; data and theme are copied by the caller
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

# (place, Russian locative or None)
BELARUS = [
    ("Minsk", "в Минске"),
    ("Brest", "в Бресте"),
    ("Gomel", "в Гомеле"),
    ("Grodno", "в Гродно"),
    ("Vitebsk", "в Витебске"),
    ("Mogilev", "в Могилёве"),
    ("Baranovichi", None),
    ("Bobruisk", None),
    ("Pinsk", None),
    ("Orsha", None),
    ("Lida", None),
    ("Molodechno", None),
    ("Borisov", None),
    ("Soligorsk", None),
    ("Zhodino", None),
    ("Novopolotsk", None),
    ("Polotsk", None),
    ("Slutsk", None),
    ("Zhlobin", None),
    ("Mozyr", None),
]
RUSSIA = [
    ("Moscow", "в Москве"),
    ("Novo-Ogaryovo", "в Ново-Огарёве"),
    ("Tver", None),
    ("Tula", None),
    ("Kaluga", None),
    ("Yaroslavl", None),
    ("Vladimir", None),
    ("Ryazan", None),
    ("Smolensk", "в Смоленске"),
    ("Bryansk", None),
    ("Pskov", None),
    ("Kazan", "в Казани"),
]
CENTRAL_ASIA = [("Astana", "в Астане"), ("Almaty", None), ("Bishkek", "в Бишкеке"), ("Tashkent", None)]
PLACES = BELARUS + RUSSIA + CENTRAL_ASIA

TOPICS_EN = [
    ("industrial cooperation", "joint machine-building projects and the supply of components"),
    ("trade", "the removal of barriers on the common market and mutual deliveries of food"),
    ("digital", "a shared platform for electronic documents and cross-border payments"),
    ("transport", "new freight routes and the modernisation of border crossings"),
    ("energy", "gas prices, power grids and the common electricity market"),
]
TOPICS_RU = [
    ("industrial cooperation", "промышленной кооперации и совместных проектах в машиностроении"),
    ("trade", "снятии барьеров на общем рынке и взаимных поставках продовольствия"),
    ("digital", "общей платформе электронных документов и трансграничных платежах"),
    ("transport", "новых грузовых маршрутах и обустройстве пунктов пропуска"),
]
PEOPLE = [
    ("Alexander Lukashenko", "Александр Лукашенко", ["Belarus"]),
    ("Vladimir Putin", "Владимир Путин", ["Russia"]),
    ("Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", ["Kazakhstan"]),
    ("Sadyr Japarov", "Садыр Жапаров", ["Kyrgyzstan"]),
]
ORGS = ["Eurasian Economic Commission", "Union State", "Commonwealth of Independent States", "Eurasian Development Bank"]


def _page(meta: dict, body: str) -> str:
    lines = ["---"]
    for k, v in meta.items():
        if isinstance(v, list):
            lines.append(f"{k}: [{', '.join(v)}]")
        elif isinstance(v, dict):
            lines.append(f"{k}: {{start: {v['start']}, end: {v['end']}}}")
        elif k in ("title", "summary"):
            lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
        else:
            lines.append(f"{k}: {v}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body + "\n"


def items() -> dict[str, str]:
    """slug -> content page."""
    out: dict[str, str] = {}
    start = dt.date(2025, 1, 6)
    for i in range(48):
        place, locative = PLACES[i % len(PLACES)]
        day = start + dt.timedelta(days=i * 13 + (i % 3))
        person_en, person_ru, countries = PEOPLE[i % len(PEOPLE)]
        org = ORGS[i % len(ORGS)]
        russian = locative is not None and i % 2 == 1
        if russian:
            tag, about = TOPICS_RU[i % len(TOPICS_RU)]
            title = f"{person_ru} обсудил {about.split(' ', 1)[0]} {locative}"
            body = (
                f"{day.day} числа {locative} прошли переговоры о {about}. {person_ru} заявил: «Мы должны довести "
                f"начатые проекты до конца и открыть новые производства». Участники договорились встретиться снова через полгода.\n\n"
                f"Эксперты отмечают, что встреча {locative} подтвердила интерес сторон к долгосрочной работе."
            )
            meta = {
                "title": title,
                "date": day.isoformat(),
                "location": place,
                "organizations": [org],
                "people": [person_en],
                "countries": countries + ["Belarus"] if "Belarus" not in countries else countries,
                "tags": [tag],
                "summary": f"Переговоры {locative} о {about}.",
                "language": "ru",
            }
        else:
            tag, about = TOPICS_EN[i % len(TOPICS_EN)]
            title = f"{person_en.split()[-1]} and partners discuss {tag} in {place}"
            body = (
                f"Delegations met in {place} to discuss {about}. {person_en} said: \u201cWe will finish what we started "
                f"and open new plants together.\u201d The {org} promised a report by the end of the quarter.\n\n"
                f"Officials in {place} described the talks as practical and said the next round would follow in spring."
            )
            meta = {
                "title": title,
                "date": day.isoformat(),
                "location": place,
                "organizations": [org],
                "people": [person_en],
                "countries": countries,
                "tags": [tag],
                "summary": f"Delegations met in {place} to discuss {about}.",
                "language": "en",
            }
        out[f"item-{i:02d}"] = _page(meta, body)
    # the newest week: three reports of one story, and a second story (the lead)
    newest = start + dt.timedelta(days=47 * 13 + 9)
    monday = newest - dt.timedelta(days=newest.weekday())
    out["summit-minsk"] = _page(
        {
            "title": "Leaders of the Union meet in Minsk for the winter summit",
            "date": (monday + dt.timedelta(days=2)).isoformat(),
            "location": "Minsk",
            "organizations": ["Eurasian Economic Commission"],
            "people": ["Alexander Lukashenko", "Vladimir Putin", "Kassym-Jomart Tokayev"],
            "countries": ["Belarus", "Russia", "Kazakhstan"],
            "tags": ["integration"],
            "language": "en",
            "summary": "The heads of state agreed a plan for the common energy market and named the next chair.",
        },
        "The heads of state gathered in Minsk for the winter summit. Alexander Lukashenko opened the meeting and Vladimir Putin spoke on the energy market.",
    )
    out["summit-minsk-ru"] = _page(
        {
            "title": "Саммит в Минске: лидеры договорились об энергорынке",
            "date": (monday + dt.timedelta(days=2)).isoformat(),
            "location": "Minsk",
            "people": ["Alexander Lukashenko", "Vladimir Putin"],
            "countries": ["Belarus", "Russia"],
            "tags": ["integration"],
            "agency": "BelTA",
            "story": "summit-minsk",
            "language": "ru",
            "summary": "Главы государств утвердили план общего рынка энергии.",
        },
        "В Минске завершился зимний саммит. Лукашенко и Путин обсудили общий рынок энергии.",
    )
    out["summit-minsk-tass"] = _page(
        {
            "title": "Putin: the energy market will start on time",
            "date": (monday + dt.timedelta(days=3)).isoformat(),
            "location": "Minsk",
            "people": ["Vladimir Putin"],
            "countries": ["Russia"],
            "tags": ["energy"],
            "agency": "TASS",
            "story": "summit-minsk",
            "language": "en",
            "summary": "The Russian president said the common energy market would open as planned.",
        },
        "Vladimir Putin told reporters in Minsk that the common energy market would open as planned.",
    )
    out["bank-astana"] = _page(
        {
            "title": "Development bank opens a credit line for Central Asian railways",
            "date": (monday + dt.timedelta(days=1)).isoformat(),
            "location": "Astana",
            "organizations": ["Eurasian Development Bank"],
            "countries": ["Kazakhstan", "Kyrgyzstan"],
            "tags": ["transport"],
            "language": "en",
            "summary": "Two railway lines will be rebuilt with a new loan.",
        },
        "The Eurasian Development Bank signed a loan in Astana for two railway lines.",
    )
    # uncertain dates: newer than everything, never the lead
    out["undated-forum"] = _page(
        {
            "title": "Forum of regions closes with a list of joint projects",
            "date": (newest + dt.timedelta(days=20)).isoformat(),
            "date_note": "year assumed",
            "location": "Gomel",
            "countries": ["Belarus", "Russia"],
            "tags": ["integration"],
            "language": "en",
            "summary": "Regional governors signed agreements worth several hundred million.",
        },
        "The forum of regions closed in Gomel with a list of joint projects.",
    )
    out["no-date-note"] = _page(
        {
            "title": "Customs service explains the new transit rules",
            "date": (newest + dt.timedelta(days=10)).isoformat(),
            "date_note": "no date in source",
            "location": "Brest",
            "countries": ["Belarus"],
            "tags": ["trade"],
            "language": "en",
            "summary": "Carriers get three months to switch to electronic seals.",
        },
        "The customs service in Brest explained the new transit rules to carriers.",
    )
    out["inferred-year"] = _page(
        {
            "title": "Tashkent hosts a meeting on water and energy",
            "date": (start + dt.timedelta(days=200)).isoformat(),
            "date_note": "year inferred",
            "location": "Tashkent",
            "countries": ["Uzbekistan"],
            "tags": ["energy"],
            "language": "en",
            "summary": "Five countries agreed to share data on river flows.",
        },
        "Officials from five countries met in Tashkent to share data on river flows.",
    )
    # an outlier year and a reporting period
    out["old-agreement"] = _page(
        {
            "title": "An old agreement on the common airspace, recalled",
            "date": "2019-04-10",
            "location": "Moscow",
            "countries": ["Russia", "Belarus"],
            "tags": ["security"],
            "language": "en",
            "summary": "A look back at the airspace agreement.",
        },
        "The agreement on the common airspace was signed in Moscow.",
    )
    out["weekly-digest"] = _page(
        {
            "title": "Week in review: customs, energy and a new bank branch",
            "date": (start + dt.timedelta(days=95)).isoformat(),
            "period": {"start": (start + dt.timedelta(days=89)).isoformat(), "end": (start + dt.timedelta(days=95)).isoformat()},
            "location": "Minsk",
            "countries": ["Belarus", "Russia"],
            "tags": ["trade"],
            "language": "en",
            "summary": "A weekly digest of the Union's news.",
        },
        "A weekly digest of the Union's news: customs, energy and a new bank branch.",
    )
    return out


def write_fixture(root: Path, language: str = "en", title: str = "Eurasia Reader Fixture") -> None:
    articles = root / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for slug, text in items().items():
        (articles / f"{slug}.md").write_text(text, encoding="utf-8")
    (root / "config.yaml").write_text(f"title: {title}\nlanguage: {language}\nbase_url: https://briefing.example.org/\npage_size: 12\n", encoding="utf-8")
