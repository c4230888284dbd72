"""The index follows every change: signals queue the affected records, one writer drains the queue.

A save, delete or link change (admin, ORM or the fixture loader, whose raw saves count too) puts
the keys of every index entry it affects in PendingChange, inside the same transaction. After the
commit, `drain()` takes the index lock, rebuilds or removes those entries and deletes the queue
rows it handled. A process that cannot get the lock in time leaves its rows for the one holding
it, which looks at the queue again after releasing: no committed change is lost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import translation

from kb.models import (
    Affiliation,
    Event,
    EventOrganization,
    EventPerson,
    Organization,
    Person,
    Question,
    QuestionSeries,
    Recording,
    Result,
    SeriesWave,
    SourceDocument,
    Survey,
    SurveyOrganization,
    Topic,
    Transcript,
    TranscriptSegment,
)

from .backends import SearchBackend, get_backend
from .documents import docs_for_keys
from .models import PendingChange
from .transcript_docs import passage_keys

log = logging.getLogger(__name__)
BATCH = 500


def _keys(kind: str, pks: Iterable) -> list[str]:
    return [f"{kind}:{pk}" for pk in pks if pk is not None]


def _survey_keys(survey_ids) -> list[str]:
    survey_ids = [pk for pk in survey_ids if pk is not None]
    if not survey_ids:
        return []
    questions = Question.objects.filter(survey_id__in=survey_ids).values_list("pk", flat=True)
    return _keys("survey", survey_ids) + _keys("question", questions)


def affected_keys(instance, *, deleting: bool = False) -> list[str]:
    """The index entries whose content depends on this row (its transcript passages too)."""
    return _record_keys(instance) + passage_keys(instance, deleting=deleting)


def _record_keys(instance) -> list[str]:
    pk = instance.pk
    if isinstance(instance, Event):
        people = EventPerson.objects.filter(event_id=pk).values_list("person_id", flat=True)
        return _keys("event", [pk]) + _keys("person", people)
    if isinstance(instance, Person):
        events = EventPerson.objects.filter(person_id=pk).values_list("event_id", flat=True)
        surveys = Survey.objects.filter(contact_id=pk).values_list("pk", flat=True)
        return _keys("person", [pk]) + _keys("event", events) + _keys("survey", surveys)
    if isinstance(instance, Affiliation):
        events = EventPerson.objects.filter(affiliation_id=pk).values_list("event_id", flat=True)
        return _keys("person", [instance.person_id]) + _keys("event", events)
    if isinstance(instance, Organization):
        # Records of the organizations inside it name it too (kb/search/organizations.py).
        inside = list(Organization.objects.within(pk).values_list("pk", flat=True))
        events = EventOrganization.objects.filter(organization_id__in=inside).values_list(
            "event_id"
        )
        # An event names its speakers' positions: "Director, <this organization>".
        positions = EventPerson.objects.filter(affiliation__organization_id=pk).values_list(
            "event_id"
        )
        surveys = SurveyOrganization.objects.filter(organization_id__in=inside).values_list(
            "survey_id"
        )
        people = Affiliation.objects.filter(organization_id__in=inside).values_list("person_id")
        documents = SourceDocument.objects.filter(publisher_id__in=inside).values_list(
            "pk", flat=True
        )
        return (
            _keys("organization", inside)
            + _keys("event", sorted({e for (e,) in [*events, *positions]}))
            + _survey_keys([s for (s,) in surveys])
            + _keys("person", [p for (p,) in people])
            + _keys("document", documents)
        )
    if isinstance(instance, Topic):
        return (
            _keys("topic", [pk])
            + _keys("topic", Topic.objects.filter(parent_id=pk).values_list("pk", flat=True))
            + _keys("event", instance.events.values_list("pk", flat=True))
            + _keys("question", instance.questions.values_list("pk", flat=True))
            + _keys("person", instance.people.values_list("pk", flat=True))
            + _keys("organization", instance.organizations.values_list("pk", flat=True))
            + _survey_keys(instance.surveys.values_list("pk", flat=True))
        )
    if isinstance(instance, EventOrganization):
        return _keys("event", [instance.event_id])
    if isinstance(instance, EventPerson):
        return _keys("event", [instance.event_id]) + _keys("person", [instance.person_id])
    if isinstance(instance, Survey):
        series = SeriesWave.objects.filter(question__survey_id=pk).values_list("series_id")
        return _survey_keys([pk]) + _keys("series", [s for (s,) in series])
    if isinstance(instance, SurveyOrganization):
        return _survey_keys([instance.survey_id])
    if isinstance(instance, Question):
        series = SeriesWave.objects.filter(question_id=pk).values_list("series_id", flat=True)
        return _keys("question", [pk]) + _keys("series", series)
    if isinstance(instance, QuestionSeries):
        return _keys("series", [pk])
    if isinstance(instance, SeriesWave):
        return _keys("series", [instance.series_id])
    if isinstance(instance, Result):
        return _keys("question", [instance.question_id])
    if isinstance(instance, SourceDocument):
        return _keys("document", [pk])
    return []


WATCHED = (
    Event,
    Person,
    Affiliation,
    Organization,
    Topic,
    EventOrganization,
    EventPerson,
    Survey,
    SurveyOrganization,
    Question,
    Result,
    SourceDocument,
    QuestionSeries,
    SeriesWave,
    Recording,
    Transcript,
    TranscriptSegment,
)
# Many-to-many fields whose change alters the owner's entry.
M2M = {
    Event.topics.through: Event,
    Person.topics.through: Person,
    Organization.topics.through: Organization,
    Survey.topics.through: Survey,
    Question.topics.through: Question,
    QuestionSeries.topics.through: QuestionSeries,
}


def enqueue(keys: Iterable[str]) -> None:
    """Queue keys in the current transaction and have the queue drained after it commits."""
    keys = sorted(set(keys))
    if not keys:
        return
    PendingChange.objects.bulk_create([PendingChange(key=k) for k in keys])
    # One callback per change: after the first has drained the queue the others cost one
    # EXISTS query each. (Sharing one callback per transaction would miss changes made inside
    # a savepoint that is rolled back after the callback was registered.)
    transaction.on_commit(drain_after_commit, robust=True)


def drain_after_commit() -> None:
    try:
        drain()
    except Exception:  # the change is committed and queued; the next drain will index it
        log.exception("search index update failed; the change stays queued")


# The index stores each record's English address (config/urls.py); a reader's page puts its own
# language's prefix on it (kb.search.views). Staff may save in the Russian admin.
@translation.override(settings.LANGUAGE_CODE)
def drain(*, backend: SearchBackend | None = None, timeout: float = 10.0) -> int:
    """Apply every queued change under the index lock; return how many keys were applied."""
    if not PendingChange.objects.exists():
        return 0
    backend = backend or get_backend()
    applied = 0
    for _round in range(20):
        with backend.writer(timeout=timeout) as writer:
            if writer is None:
                # Another process holds the lock; it re-reads the queue after releasing.
                log.info("index lock taken; leaving the queue to its holder")
                return applied
            handled: list[int] = []
            while True:
                rows = list(
                    PendingChange.objects.exclude(pk__in=handled)
                    .order_by("pk")
                    .values_list("pk", "key")[:BATCH]
                )
                if not rows:
                    break
                docs, gone = docs_for_keys({key for _pk, key in rows})
                writer.update(docs)
                writer.remove(gone)
                handled.extend(pk for pk, _key in rows)
                applied += len({key for _pk, key in rows})
        # Committed: only now forget the rows, so a crash above leaves them queued.
        for start in range(0, len(handled), BATCH):
            PendingChange.objects.filter(pk__in=handled[start : start + BATCH]).delete()
        if not PendingChange.objects.exists():
            break
        time.sleep(0.01)
    return applied


# --- signal receivers ---------------------------------------------------------------------------


def on_save(sender, instance, raw=False, **kwargs):
    # Raw saves (the fixture loader) count too: the keys come from whatever is linked so far,
    # and the rows saved after this one queue their own dependents.
    enqueue(affected_keys(instance))


def on_pre_delete(sender, instance, **kwargs):
    # Dependents are read before the row (and links cascading from it) disappear.
    instance._search_keys = affected_keys(instance, deleting=True)


def on_delete(sender, instance, **kwargs):
    enqueue(getattr(instance, "_search_keys", None) or affected_keys(instance))


def on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    owner = M2M[sender]
    if not reverse:
        owners = [instance]
    elif action == "pre_clear":
        owners = list(owner._default_manager.filter(topics=instance))
    else:
        owners = list(owner._default_manager.filter(pk__in=pk_set or []))
    keys = []
    for item in owners:
        keys += _survey_keys([item.pk]) if isinstance(item, Survey) else affected_keys(item)
    enqueue(keys)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(on_save, sender=model, dispatch_uid=f"kb_search_save_{model.__name__}")
        pre_delete.connect(
            on_pre_delete, sender=model, dispatch_uid=f"kb_search_pre_{model.__name__}"
        )
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"kb_search_del_{model.__name__}")
    for through in M2M:
        m2m_changed.connect(
            on_m2m, sender=through, dispatch_uid=f"kb_search_m2m_{through.__name__}"
        )
