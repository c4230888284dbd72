"""Figures grouped into proposed questions, with proposed option labels and nets.

A release reports one question per paragraph (a table is one question too), so the figures of
a paragraph are proposed as one question's options. Labels are cut from the words around each
figure; they are proposals, and a person words them. "In total 53% ... including 30.8% and
22.2%" makes a net with two parts; "multiple choice" in the paragraph flags the question.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext

from kb.enums import FigureQualifier, QuestionKind

from .figures import Figure
from .proposal import Option, Passage, ProposedQuestion
from .sentences import LIST_MARKER, Paragraph, Sentence

_MULTIPLE = re.compile(
    r"multiple choice|multiple answers|several answers|more than one answer|several options"
    r"|несколько (?:вариантов|ответов)|множественн\w+ выбор|можно было выбрать",
    re.I,
)
_NET = re.compile(
    r"\b(?:in total|a total of|in all|altogether)\b|всего|в целом|в сумме|суммарно", re.I
)
_PARTS = re.compile(r"\b(?:including|of which|of them|of whom)\b|в том числе|из них", re.I)
NO_LABEL = "(no label found)"
_BY_END = re.compile(
    r"\s*(?:(?:was|were)\s+)?(?:(?:named|chosen|mentioned|selected|cited|preferred|trusted"
    r"|supported|favou?red)\s+)?by\s*$",
    re.I,
)
_NAMED_BY = re.compile(
    r"\b(?:named|chosen|mentioned|selected|cited|preferred|trusted|supported|favou?red) by\b", re.I
)
_QUANTITY_END = re.compile(
    r"(?:half|thirds?|quarters?|majority|most|citizens|respondents|people|participants|population"
    r"|половина|треть|четверть|большинство|граждан|респондентов|опрошенных)\W*$",
    re.I,
)
_STOP = re.compile(
    r";|\.\s|\.$|, (?:while|whereas|but|and|а|и|тогда как)\b|\bincluding\b|\bв том числе\b"
    r"|\s(?:while|whereas)\s|\(\d|\s(?:and|или|и)\s+(?=\d)|\d{1,3}(?:[.,]\d{1,2})?\s?%"
)
_LEADING = re.compile(
    r"^(?:[\s,–—:-]+|(?:on the contrary|in turn|at the same time|however|also|in total"
    r"|напротив|в свою очередь|также)\b,?|(?:and|or|so|while|whereas|a|и|а|или)\b"
    r"|of (?:the )?(?:respondents|citizens|those|people|survey participants|participants|population"
    r"|Kazakhstan people|\w+stanis|all respondents|them)\b(?: who| that)?"
    r"|(?:who|that|are convinced that|are sure that|believe that|think that|say that|said that"
    r"|noted that|reported that|consider that|feel that|believe|think|consider|say|said"
    r"|most often|respondents|citizens|experience|feel|named|chose|mentioned|they|он[иа]"
    r"|еще|ещё|по данным опроса|only|just|лишь|только)\b"
    r"|(?:граждан|респондентов|опрошенных)\b|(?:считают|полагают|уверены|думают),? что\b)\s*",
    re.I,
)
_DIFFICULT = re.compile(
    r"difficult to answer|could not answer|hard to say|don[’']t know|do not know"
    r"|затрудни\w+ (?:с )?ответ\w*",
    re.I,
)
_ANTONYMS = [
    (r"\b(?:justify|justifies|support|supports|approve|approves|favou?r)\b",
     r"\b(?:oppose|opposes|against|disapprove|disapproves|condemn|condemns)\b"),
    (r"\bподдержива\w*|\bодобря\w*|\bоправдыва\w*", r"\bпротив\b|\bосужда\w*|\bне одобря\w*"),
]  # fmt: skip
# Printed shares of a single-choice question add up to about 100 when every option is given.
COMPLETE_FROM, COMPLETE_TO = Decimal("97"), Decimal("101")


def propose_questions(
    paragraphs: list[Paragraph], sentences: list[Sentence], figures: list[Figure]
) -> list[ProposedQuestion]:
    groups = _groups(sentences)
    by_group: dict[int, list[Figure]] = {}
    for figure in figures:
        by_group.setdefault(groups[figure.sentence.index], []).append(figure)
    questions = []
    for _, group in sorted(by_group.items()):
        index = group[0].paragraph
        question = _question(len(questions) + 1, paragraphs, sentences, index, group)
        questions.append(question)
    return questions


def _groups(sentences: list[Sentence]) -> list[int]:
    """Each sentence's group: a paragraph, or one item of a bulleted list ("• 58% say ...")."""
    groups, group, paragraph = [], -1, None
    for sentence in sentences:
        if sentence.paragraph != paragraph or LIST_MARKER.match(sentence.text):
            group += 1
            paragraph = sentence.paragraph
        groups.append(group)
    return groups


def _question(number, paragraphs, sentences, index, figures) -> ProposedQuestion:
    paragraph = paragraphs[index]
    lead = _lead_sentence(paragraphs, sentences, paragraph, figures)
    question = ProposedQuestion(
        number=number,
        text=lead.text,
        kind=QuestionKind.SINGLE.value,
        topline_complete=False,
        passage=Passage(lead.start, lead.end, lead.text),
        decide=["Word the question (proposed from the text)."],
    )
    own_text = " ".join(dict.fromkeys(f.sentence.text for f in figures))
    if _MULTIPLE.search(
        own_text if LIST_MARKER.match(lead.text) else paragraph.text
    ) or _MULTIPLE.search(lead.text):
        question.kind = QuestionKind.MULTIPLE.value
    net_position = None
    net_sentence = None
    for position, figure in enumerate(figures):
        sentence = figure.sentence
        option = Option(
            position=position,
            label=_label(figure),
            percent=figure.value,
            qualifier=str(figure.qualifier),
            figure_text=figure.text,
            figure_start=figure.start,
            figure_end=figure.end,
            passage=Passage(sentence.start, sentence.end, sentence.text),
        )
        before = sentence.text[: figure.start - sentence.start]
        previous_figure_end = max(
            (
                f.end - sentence.start
                for f in figures
                if f.sentence is sentence and f.end <= figure.start
            ),
            default=0,
        )
        own_before = before[previous_figure_end:]
        if _NET.search(own_before) and not _PARTS.search(own_before):
            option.is_net = True
            net_position, net_sentence = position, sentence
        elif net_position is not None and net_sentence is sentence and _PARTS.search(before):
            option.net = net_position
        if _contradictory(figure):
            option.decide = gettext(
                "The sentence reads as contradictory: keep the figure and the sentence as "
                "printed; do not guess the option."
            )
            option.label = "Unclear in the source (see the passage)"
        if figure.high is not None:
            option.decide = gettext("A range (%(figure)s): choose the figure to keep.") % {
                "figure": figure.text
            }
        if figure.value > 100:
            # Not a share of respondents (a change, a ratio): kept as text, no figure.
            option.percent = None
            option.decide = gettext(
                "%(figure)s is above 100%%: not a share; give the option a figure or drop it."
            ) % {"figure": figure.text}
        question.options.append(option)
    _check_shares(question)
    return question


def _lead_sentence(paragraphs, sentences, paragraph, figures) -> Sentence:
    if LIST_MARKER.match(figures[0].sentence.text):
        return figures[0].sentence  # a list item says its own finding
    first = next(s for s in sentences if s.paragraph == paragraph.index)
    if paragraph.is_table and paragraph.index > 0:
        previous = [s for s in sentences if s.paragraph == paragraph.index - 1]
        if previous and not any(f.paragraph == paragraph.index - 1 for f in figures):
            return previous[-1]
    if first.start < figures[0].sentence.start:
        return first
    return figures[0].sentence


def _label(figure: Figure) -> str:
    sentence = figure.sentence
    if sentence.table_row:
        return sentence.text.split(" | ")[0].strip()
    offset = figure.start - sentence.start
    text = sentence.text
    before, after = text[:offset], text[figure.end - sentence.start :]
    if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
        inside = before.rstrip()[:-1]
        if not _QUANTITY_END.search(inside.strip()):
            clause = re.split(r"[,;:)]", inside)[-1]
            return _tidy(clause)
        after = after.lstrip()[1:]
    clause_before = re.split(r"[,;:()]|\d\s?%|\d\s(?:percent|процент\w*)", before)[-1]
    if _BY_END.search(clause_before) and _NAMED_BY.search(text):
        # "Electing judges was named by 41.2%": the option stands before the figure.
        return _tidy(_BY_END.sub("", clause_before))
    label = _tidy(_STOP.split(after, maxsplit=1)[0])
    if label == NO_LABEL:
        # "Положительно ответили 24,9 процента": the words before the figure name the option.
        return _tidy(clause_before)
    return label


def _tidy(label: str) -> str:
    label = re.split(r"\s(?:and|и)\s*$", label.strip())[0]
    previous = None
    while previous != label:
        previous = label
        label = _LEADING.sub("", label, count=1).strip()
    label = label.strip(" ,.;:–—-")
    if _DIFFICULT.search(label):
        return (
            "Затруднились ответить" if re.search("[а-яё]", label, re.I) else "Difficult to answer"
        )
    if re.fullmatch(r"(?:of )?(?:respondents|citizens|опрошенных|респондентов|граждан)?", label):
        return NO_LABEL
    return label[:1].upper() + label[1:300]


def _contradictory(figure: Figure) -> bool:
    clause = _STOP.split(figure.sentence.text[figure.end - figure.sentence.start :], maxsplit=1)[0]
    return any(re.search(a, clause, re.I) and re.search(b, clause, re.I) for a, b in _ANTONYMS)


def _parts_before(question: ProposedQuestion) -> None:
    """A net printed after its parts ("18.4% ... and 27.9% ... Altogether, 46.3%"): the options
    just before it that add up to it exactly become its parts."""
    options = question.options
    for i, net in enumerate(options):
        if not net.is_net or any(o.net == net.position for o in options) or net.percent is None:
            continue
        total = Decimal(0)
        for j in range(i - 1, -1, -1):
            part = options[j]
            if part.is_net or part.net is not None or part.percent is None:
                break
            total += part.percent
            if total == net.percent and j < i - 1:
                for k in range(j, i):
                    options[k].net = net.position
                break
            if total > net.percent:
                break


def _check_shares(question: ProposedQuestion) -> None:
    _parts_before(question)
    exact = [
        o
        for o in question.options
        if o.qualifier == FigureQualifier.EXACT and o.percent is not None
    ]
    nets_with_parts = {o.net for o in question.options if o.net is not None}
    total = sum(
        (o.percent for o in exact if not (o.is_net and o.position in nets_with_parts)), Decimal(0)
    )
    for net in (o for o in question.options if o.is_net and o.position in nets_with_parts):
        parts = sum((o.percent for o in question.options if o.net == net.position), Decimal(0))
        if abs(parts - net.percent) > 1:
            net.decide = gettext(
                "Its parts add up to %(parts)s%%, not %(net)s%%: check the net."
            ) % {"parts": parts, "net": net.percent}
    if question.kind == QuestionKind.MULTIPLE:
        question.topline_complete = False
        return
    question.topline_complete = COMPLETE_FROM <= total <= COMPLETE_TO
    if total > COMPLETE_TO:
        question.decide.append(
            gettext(
                "The shares add up to %(total)s%%: multiple choice, or more than one question here?"
            )
            % {"total": total}
        )
