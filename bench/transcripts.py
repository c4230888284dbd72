"""Transcript passages for the search benchmark (`manage.py bench_search --transcript-segments N`).

Each made-up segment becomes one passage document shaped as kb.search.transcript_docs builds
them (no title, the speaker's spellings as people, the Passage in the stored figures): the most
documents N segments can make, as if every segment were a turn of its own. Speakers are the
corpus's people, events its events; the text mixes the domain words into made-up ones, 8 to 40
words a segment, as captions run.
"""

from __future__ import annotations

import random

from kb.search.documents import SearchDoc
from kb.search.transcript_docs import PASSAGE_TYPE, Passage

from .search import SYLLABLES, WORDS


def passages(docs: list[SearchDoc], count: int, seed: int = 11) -> list[SearchDoc]:
    rng = random.Random(seed)
    people = [d for d in docs if d.type == "person"]
    events = [d for d in docs if d.type == "event" and d.date]
    if not people or not events:
        return []
    filler = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(5000)]
    out = []
    start = 0
    for i in range(count):
        if i % 60 == 0:  # an hour-long talk of 60 segments
            event, start = rng.choice(events), 0
        speaker = rng.choice(people)
        start += rng.randint(5, 60)
        text = " ".join(
            rng.choice(WORDS) if rng.random() < 0.125 else rng.choice(filler)
            for _ in range(rng.randint(8, 40))
        )
        passage = Passage(
            event=event.title,
            speaker=speaker.title,
            speaker_url=speaker.url,
            start=start,
            recording_url=f"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start={start}",
        )
        out.append(
            SearchDoc(
                key=f"{PASSAGE_TYPE}:{i}",
                type=PASSAGE_TYPE,
                title="",
                url=f"{event.url}#t-{start}",
                body=text.capitalize() + ".",
                people=speaker.names,
                figures=passage.pack(),
                date=event.date,
                years=event.years,
                roles=speaker.roles,
            )
        )
    return out
