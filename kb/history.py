"""Every version of every knowledge-base record (django-reversion), with who and when.

A record's version includes the rows its admin page edits with it (the inlines), so restoring
a survey's version brings back its questions, each question's results, its sample shares and
organizations exactly as they were; rows added since are removed. Many-to-many links (topics,
sources) are part of the record's own version. The admin records a version on every save
(`kb/admin/base.py`), the loader one per run (`documents_load`), and a deleted record is
brought back from its last version ("Recover deleted ..." on its list).
"""

from __future__ import annotations

from contextlib import contextmanager

import reversion
from reversion.models import Version

from kb import models as kb

# Model -> the reverse relations whose rows are saved with it (its admin page's inlines).
FOLLOW: dict[type, tuple[str, ...]] = {
    kb.Organization: (),
    kb.Topic: (),
    kb.SourceDocument: (),
    kb.Person: ("affiliations",),
    kb.Affiliation: (),
    kb.Event: ("person_roles", "organization_roles", "source_links", "recordings", "materials"),
    kb.EventPerson: (),
    kb.EventOrganization: (),
    kb.EventSource: (),
    kb.Recording: (),
    kb.Material: (),
    kb.Transcript: ("segments",),
    kb.TranscriptSegment: (),
    kb.Survey: ("organization_roles", "composition", "related_items", "questions"),
    kb.Question: ("results",),
    kb.Result: (),
    kb.SurveyOrganization: (),
    kb.SampleComposition: (),
    kb.SurveyRelatedItem: (),
    kb.SourcePassage: (),
    kb.QuestionSeries: ("waves",),
    kb.SeriesWave: (),
}


def register_models() -> None:
    """Register every knowledge-base model once (called before the admin is built)."""
    for model, follow in FOLLOW.items():
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)


@contextmanager
def recorded(*, user=None, comment: str = ""):
    """Record every registered record saved inside the block as one version, by `user`."""
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield


def versions_of(record) -> list[Version]:
    """A record's versions, oldest first."""
    return list(Version.objects.get_for_object(record).select_related("revision").order_by("pk"))
