"""A survey release's methodology: dates, sample, mode, population, margins, composition.

Each fact comes with the sentence it was read from. Where the release says a thing twice
differently, or says it in a way the rules only half read, the fact is marked for a person.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from kb.enums import CompositionDimension as Dim
from kb.enums import FigureQualifier, SurveyMode

from .dates import find_dates, find_range
from .figures import Figure
from .proposal import CompositionShare, Fact, Passage
from .sentences import Paragraph, Sentence

_FIELDWORK = re.compile(
    r"survey|poll|interview|fieldwork|conducted|опрос|провед|интервью|исследован", re.I
)
_N = r"(?P<n>\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+|\d{3,6})"
_SAMPLE = [
    re.compile(rf"\bn\s*=\s*{_N}", re.I),
    re.compile(
        r"(?:sample(?: size)?(?: of| was| is| included|:)"
        rf"|выборк\w*(?: составил\w*| объ[её]мом|:)?)\s+{_N}",
        re.I,
    ),
    re.compile(
        rf"{_N}\s+(?:people|respondents|adults|citizens|persons|residents|interviewees|voters"
        r"|человек|респондент\w*|граждан\w*|жител\w*|опрошенн\w*)",
        re.I,
    ),
]
_MODES = [
    (SurveyMode.TELEPHONE, r"telephone|by phone|phone interview|\bCATI\b|телефон\w*"),
    (
        SurveyMode.FACE_TO_FACE,
        r"face[- ]to[- ]face|in-person interview|door-to-door|personal interview|\bCAPI\b"
        r"|личн\w+ интервью|поквартирн\w*|лицом к лицу",
    ),
    (SurveyMode.ONLINE, r"online (?:survey|questionnaire|panel)|web survey|\bCAWI\b|онлайн-?опрос"),
]
_SAMPLING = re.compile(
    r"\bsampl(?:e|ing)\b.*\b(?:random|quota|stratif|based)|выборк\w*.*(?:случайн|квот|стратиф)",
    re.I,
)
_WEIGHT = re.compile(r"\bweight(?:ed|ing)\b|взвеш", re.I)
_MARGIN = re.compile(r"margin of error|sampling error|statistical error|погрешност", re.I)
_CONFIDENCE = re.compile(r"probability|confidence|доверительн|вероятност", re.I)
_RESPONSE = re.compile(
    r"response rate|reachability|cooperation rate|достижимост|уровень отклика|коэффициент ответ",
    re.I,
)
_AT_MOST = re.compile(
    r"maximum|does not exceed|not exceed|no more than|up to|не превыша|максимальн|не более", re.I
)
_AGED = re.compile(
    r"aged? (\d{2}) (?:and (?:over|older)|years and older|\+)"
    r"|в возрасте (\d{2}) лет и старше|(\d{2})\+",
    re.I,
)
_AMONG = re.compile(r"\b(?:among|среди)\s+([^,.;]+)", re.I)
_GEOGRAPHY = re.compile(
    r"\bin (\d+ (?:regions|oblasts|provinces|cities|settlements)[^.;]*)"
    r"|\bв (\d+ (?:регион|област|город)\w*[^.;]*)",
    re.I,
)
_TITLE_TOPIC = re.compile(
    r"on the topic of\s+[\"“«]?([^\"”».]+)|на тему\s+[\"“«]?([^\"”».]+)", re.I
)
_METHODOLOGY = re.compile(
    r"^(?:methodology|methods|about the survey|методолог\w*|о исследовании|об исследовании)\b", re.I
)
CONFIDENCE_FROM = 80
COUNTRIES = {
    "kazakhstan": "Kazakhstan", "казахстан": "Kazakhstan", "qazaqstan": "Kazakhstan",
    "kyrgyzstan": "Kyrgyzstan", "кыргызстан": "Kyrgyzstan", "uzbekistan": "Uzbekistan",
    "узбекистан": "Uzbekistan", "tajikistan": "Tajikistan", "таджикистан": "Tajikistan",
    "turkmenistan": "Turkmenistan", "туркменистан": "Turkmenistan", "russia": "Russia",
    "россия": "Russia", "россии": "Russia", "mongolia": "Mongolia", "монголия": "Mongolia",
}  # fmt: skip
_OTHER = "Other ethnicities"
COMPOSITION = [
    (Dim.GENDER, {"men": "Men", "women": "Women", "male": "Men", "female": "Women",
                  "мужчин": "Men", "женщин": "Women"}),
    (Dim.LANGUAGE, {"in russian": "Russian", "in kazakh": "Kazakh", "на русском": "Russian",
                    "на казахском": "Kazakh", "in english": "English"}),
    (Dim.ETHNICITY, {"kazakhs": "Kazakhs", "russians": "Russians", "other ethnicities": _OTHER,
                     "other nationalities": _OTHER, "uzbeks": "Uzbeks",
                     "ukrainians": "Ukrainians", "казахи": "Kazakhs", "казахов": "Kazakhs",
                     "русские": "Russians", "русских": "Russians",
                     "других национальностей": _OTHER, "другие национальности": _OTHER}),
    (Dim.SETTLEMENT, {"urban": "Urban", "rural": "Rural", "городск": "Urban", "сельск": "Rural"}),
]  # fmt: skip


_COUNTRY = re.compile(r"\b(?:" + "|".join(COUNTRIES) + r")\b", re.I)
_COMPOSITION_WORDS = {
    dimension: re.compile(
        r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")", re.I
    )
    for dimension, words in COMPOSITION
}


def survey_facts(
    text: str, paragraphs: list[Paragraph], sentences: list[Sentence], figures: list[Figure]
) -> tuple[list[Fact], set[int]]:
    """The survey's fields, and the offsets of the figures they used (not answers to questions)."""
    facts: list[Fact] = []
    used: set[int] = set()
    facts += _titles(paragraphs, sentences)
    facts += _field_dates(sentences)
    facts += _sample_size(sentences)
    facts += _mode(sentences)
    for name, pattern in (("sampling", _SAMPLING), ("weighting", _WEIGHT)):
        sentence = next((s for s in sentences if pattern.search(s.text)), None)
        if sentence:
            facts.append(Fact(name, sentence.text, _passage(sentence), "Word it for the page."))
    facts += _population_geography(text, sentences)
    margins, margin_used = _margins(sentences, figures)
    facts += margins
    used |= margin_used
    methodology = next((p for p in paragraphs if _METHODOLOGY.match(p.text)), None)
    if methodology:
        note = methodology.text
        following = [p for p in paragraphs if p.index == methodology.index + 1]
        if following and _FIELDWORK.search(following[0].text):
            note += "\n\n" + following[0].text
        facts.append(
            Fact(
                "methodology_note",
                note,
                Passage(methodology.start, methodology.end, methodology.text),
            )
        )
    return facts, used


def _passage(sentence: Sentence) -> Passage:
    return Passage(sentence.start, sentence.end, sentence.text)


def _titles(paragraphs: list[Paragraph], sentences: list[Sentence]) -> list[Fact]:
    if not paragraphs:
        return []
    first = paragraphs[0]
    head = [first.text]
    second = paragraphs[1].text if len(paragraphs) > 1 else ""
    if second and len(second) < 160 and "%" not in second and not find_dates(second):
        head.append(paragraphs[1].text)
    headline = ". ".join(h.rstrip(". ") for h in head)
    facts = [Fact("headline", headline[:300], Passage(first.start, first.end, first.text))]
    topic = next(((s, m) for s in sentences if (m := _TITLE_TOPIC.search(s.text))), None)
    if topic:
        sentence, match = topic
        title = (match.group(1) or match.group(2)).strip()
        facts.append(
            Fact("title", title[:1].upper() + title[1:], _passage(sentence), "Check the title.")
        )
    else:
        facts.append(Fact("title", first.text[:300], facts[0].passage, "Give the survey a title."))
    return facts


def _field_dates(sentences: list[Sentence]) -> list[Fact]:
    ranges = []
    for sentence in sentences:
        if _FIELDWORK.search(sentence.text):
            found = find_range(sentence.text)
            if found:
                ranges.append((found, sentence))
    if not ranges:
        return [Fact("field_start", None, None, "No fieldwork dates found."),
                Fact("field_end", None, None, "No fieldwork dates found.")]  # fmt: skip
    (found, sentence), *others = ranges
    differ = {(r.first, r.last) for r, _ in others} - {(found.first, found.last)}
    note = "The release gives other fieldwork dates too: choose." if differ else ""
    return [
        Fact("field_start", found.first, _passage(sentence), note),
        Fact("field_end", found.last, _passage(sentence), note),
    ]


def _sample_size(sentences: list[Sentence]) -> list[Fact]:
    counts: Counter = Counter()
    where: dict[int, Sentence] = {}
    for sentence in sentences:
        for pattern in _SAMPLE:
            for match in pattern.finditer(sentence.text):
                raw = match.group("n")
                value = int(re.sub(r"\D", "", raw))
                if re.fullmatch(r"(19|20)\d\d", raw) and pattern is _SAMPLE[2]:
                    continue  # "in 2023 people ..." is a year
                if value < 50:
                    continue
                counts[value] += 1
                where.setdefault(value, sentence)
    if not counts:
        return [Fact("sample_size", None, None, "No sample size found.")]
    (value, _), *rest = counts.most_common()
    note = (
        f"Other sizes are printed too ({', '.join(str(v) for v, _ in rest)}): choose."
        if rest
        else ""
    )
    return [Fact("sample_size", value, _passage(where[value]), note)]


def _mode(sentences: list[Sentence]) -> list[Fact]:
    found = []
    for mode, words in _MODES:
        pattern = re.compile(words, re.I)
        sentence = next((s for s in sentences if pattern.search(s.text)), None)
        if sentence:
            found.append((mode, sentence))
    if not found:
        return [Fact("mode", SurveyMode.OTHER.value, None, "No interview mode found.")]
    if len(found) > 1:
        return [Fact("mode", SurveyMode.MIXED.value, _passage(found[0][1]),
                     "Several modes are named: mixed, or is one of them the survey's?"),
                Fact("mode_detail", found[0][1].text, _passage(found[0][1]))]  # fmt: skip
    mode, sentence = found[0]
    return [
        Fact("mode", mode.value, _passage(sentence)),
        Fact("mode_detail", sentence.text, _passage(sentence)),
    ]


def _population_geography(text: str, sentences: list[Sentence]) -> list[Fact]:
    facts = []
    aged = next(
        ((s, m) for s in sentences if _FIELDWORK.search(s.text) and (m := _AGED.search(s.text))),
        None,
    )
    among = next(
        ((s, m) for s in sentences if _FIELDWORK.search(s.text) and (m := _AMONG.search(s.text))),
        None,
    )
    if aged or among:
        parts = []
        if among:
            phrase = among[1].group(1).strip()
            parts.append(phrase[:1].upper() + phrase[1:])
        if aged and not (among and _AGED.search(among[1].group(1))):
            age = next(g for g in aged[1].groups() if g)
            parts.append(f"aged {age} and over" if parts else f"People aged {age} and over")
        sentence = (among or aged)[0]
        facts.append(
            Fact("population", " ".join(parts)[:300], _passage(sentence), "Word the population.")
        )
    geography = next(((s, m) for s in sentences if (m := _GEOGRAPHY.search(s.text))), None)
    if geography:
        sentence, match = geography
        facts.append(
            Fact("geography", (match.group(1) or match.group(2)).strip(), _passage(sentence))
        )
    counts = Counter(COUNTRIES[m.group().lower()] for m in _COUNTRY.finditer(text))
    if counts:
        facts.append(Fact("country", counts.most_common(1)[0][0], None))
    return facts


def _margins(sentences: list[Sentence], figures: list[Figure]) -> tuple[list[Fact], set[int]]:
    facts, used = [], set()
    by_sentence: dict[int, list[Figure]] = {}
    for figure in figures:
        by_sentence.setdefault(figure.sentence.index, []).append(figure)
    for sentence in sentences:
        here = by_sentence.get(sentence.index, [])
        if not here:
            continue
        if _MARGIN.search(sentence.text):
            # Confidence levels are 90, 95 or 99; margins of error a few points.
            for figure in here:
                if figure.value >= CONFIDENCE_FROM:
                    facts.append(Fact("confidence_level", figure.value, _passage(sentence)))
                else:
                    at_most = (
                        _AT_MOST.search(sentence.text)
                        or figure.qualifier == FigureQualifier.AT_MOST
                    )
                    qualifier = FigureQualifier.AT_MOST if at_most else FigureQualifier.EXACT
                    facts.append(Fact("margin_of_error", figure.value, _passage(sentence)))
                    facts.append(Fact("margin_qualifier", qualifier.value, _passage(sentence)))
                used.add(figure.start)
        elif _RESPONSE.search(sentence.text) and len(here) == 1:
            facts.append(Fact("response_rate", here[0].value, _passage(sentence)))
            used.add(here[0].start)
        elif (
            _CONFIDENCE.search(sentence.text)
            and len(here) == 1
            and here[0].value >= CONFIDENCE_FROM
        ):
            facts.append(Fact("confidence_level", here[0].value, _passage(sentence)))
            used.add(here[0].start)
    return facts, used


def sample_composition(
    figures: list[Figure], taken: set[int]
) -> tuple[list[CompositionShare], set[int]]:
    """Shares of the sample by gender, language, ethnicity, settlement: not answers."""
    shares, used = [], set()
    for figure in figures:
        if figure.start in taken or figure.value > 100:
            continue
        sentence = figure.sentence
        clause = _clause_after(figure)
        for dimension, words in COMPOSITION:
            found = _COMPOSITION_WORDS[dimension].search(clause)
            category = words[found.group().lower()] if found else None
            if category and _about_sample(sentence.text, dimension):
                shares.append(
                    CompositionShare(
                        dimension.value, category, figure.value, figure.text, _passage(sentence)
                    )
                )
                used.add(figure.start)
                break
    return shares, used


def _clause_after(figure: Figure) -> str:
    sentence = figure.sentence
    rest = sentence.text[figure.end - sentence.start :]
    return re.split(r"\d+(?:[.,]\d+)?\s?%|,|;", rest, maxsplit=1)[0]


def _about_sample(sentence: str, dimension: Dim) -> bool:
    """Whether a sentence describes who was interviewed (not what they think of men or Russia)."""
    if dimension == Dim.LANGUAGE:
        return bool(
            re.search(r"answer|interview|questionnaire|ответ|интервью|анкет", sentence, re.I)
        )
    return bool(
        re.search(
            r"took part|respondents are|of respondents|sample|participated|приняли участие|"
            r"респондент\w* (?:составил|—|-)|выборк|are representatives|являются",
            sentence,
            re.I,
        )
    )


def decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))
