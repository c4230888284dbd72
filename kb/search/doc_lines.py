"""The interface words of a record's search text ("Part of …", "Survey: …", "… respondents").

Built in the language active when the builder runs: English for the index, Russian or Kazakh
for what a results page in that language shows (kb.search.localized builds what each record's
hit shows once per language), so a Russian hit reads «Входит в: …», not "Part of …" among its
Russian lines.

A name in such a line stands on a line of its own: where it has no Russian or Kazakh version
its English one stands in, and kb.search.localized marks English by the line (lang="en"), so
"Brastovian rights" is marked inside «… құрамына кіреді» and the Kazakh words are not.
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext


def _own_line(name: str) -> str:
    return f"\n{name}\n"


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def part_of(name: str) -> str:
    return _lines(gettext("Part of %(name)s") % {"name": _own_line(name)})


def at(role: str, event: str) -> str:
    return _lines(gettext("%(role)s at %(event)s") % {"role": role, "event": _own_line(event)})


def respondents(count: int) -> str:
    # The number as digits (no grouping): the index reads it as one word whatever the language.
    return ngettext("%(num)s respondent", "%(num)s respondents", count) % {"num": count}


def contact(name: str) -> str:
    return _lines(gettext("Contact: %(name)s") % {"name": _own_line(name)})


def survey(title: str) -> str:
    return _lines(gettext("Survey: %(title)s") % {"title": _own_line(title)})
