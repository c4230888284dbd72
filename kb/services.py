"""Writes and multi-row workflows: keyword-only, typed, atomic; views, admin, commands call them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from kb.backup_json import json_error_reason
from kb.history import recorded
from kb.models import (
    EventSource,
    Question,
    Result,
    SampleComposition,
    SourceDocument,
    SourcePassage,
    check_result_shares,
    unpublished_links,
)
from kb.passages import locate


class FixtureError(Exception):
    """A fixture file that cannot be loaded; the message names the file and the problem."""


def error_reason(exc: BaseException) -> str:
    """What went wrong, in words: Django's deserializers raise an error with no message and
    keep the reason (a JSON syntax error, a cut-off archive) in the exception they wrap."""
    reason = ""
    while exc is not None:
        if isinstance(exc, json.JSONDecodeError):
            return json_error_reason(exc)
        reason = str(exc).strip() or reason
        exc = exc.__cause__ or exc.__context__
    return reason or "unknown error"


@dataclass
class LoadReport:
    files: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return (
            f"{len(self.files)} fixture file(s): {self.created} created, {self.updated} updated, "
            f"{self.unchanged} already present (kept as they are)"
        )


def fixture_files(directory: Path) -> list[Path]:
    """The fixture files in loading order (their names start with a number)."""
    return sorted(directory.glob("*.json"))


@transaction.atomic
def documents_load(
    *, directory: Path | None = None, update: bool = False, files: Iterable[Path] | None = None
) -> LoadReport:
    """Load the documents' fixtures: all or nothing.

    Records are matched by natural key (slugs). One that already exists is left as staff may have
    edited it, unless `update` is given. Document texts live beside the fixtures as
    `documents/<slug>.txt`, so staff read them as plain text. What is written is one version in
    each record's history, so staff can go back to the documents' own figures.
    """
    with recorded(comment="Loaded from the documents (load_documents)"):
        return _documents_load(directory=directory, update=update, files=files)


def _documents_load(
    *, directory: Path | None, update: bool, files: Iterable[Path] | None
) -> LoadReport:
    directory = Path(directory or settings.KENES_FIXTURES_DIR)
    paths = list(files) if files is not None else fixture_files(directory)
    if not paths:
        raise FixtureError(f"{directory}: no fixture files (*.json) found")
    report = LoadReport()
    deferred = []
    touched_questions: set[int] = set()
    for path in paths:
        report.files.append(path.name)
        # Lazily: a record's natural key may name one saved a few lines earlier in the same file.
        for item in _deserialized(path):
            instance = item.object
            model = type(instance)
            manager = model._default_manager
            exists = instance.pk is not None and manager.filter(pk=instance.pk).exists()
            if exists and not update:
                report.unchanged += 1
                continue
            _stamp(instance, existing=exists)
            if isinstance(instance, SourceDocument) and not instance.text:
                instance.text = _document_text(directory, instance.slug, path)
            try:
                instance.full_clean(validate_unique=not exists, validate_constraints=False)
                item.save()
            except (ValidationError, DatabaseError) as exc:
                raise FixtureError(f"{path.name}: {model.__name__} {instance}: {exc}") from exc
            if item.deferred_fields:
                deferred.append((path, item))
            if model is Question:
                touched_questions.add(instance.pk)
            elif hasattr(instance, "question_id"):
                touched_questions.add(instance.question_id)
            report.updated += exists
            report.created += not exists
    for path, item in deferred:
        try:
            item.save_deferred_fields()
        except Exception as exc:
            raise FixtureError(
                f"{path.name}: unresolved reference in {item.object}: {exc}"
            ) from exc
    _check_questions(touched_questions)
    passages_from_quotes()
    return report


def _deserialized(path: Path):
    try:
        raw = path.read_text(encoding="utf-8")
        yield from serializers.deserialize("json", raw, handle_forward_references=True)
    except Exception as exc:  # the deserializer wraps many kinds; all mean a broken file
        raise FixtureError(
            f"{path.name}: cannot be read as a fixture: {error_reason(exc)}"
        ) from exc


def _stamp(instance, *, existing: bool) -> None:
    """Fixtures leave out timestamps and raw saves skip auto_now: fill them in here."""
    now = timezone.now()
    for f in instance._meta.concrete_fields:
        if getattr(f, "auto_now", False):
            setattr(instance, f.attname, now)
        elif getattr(f, "auto_now_add", False) and getattr(instance, f.attname) is None:
            kept = existing and type(instance)._default_manager.filter(pk=instance.pk)
            setattr(instance, f.attname, kept.values_list(f.attname, flat=True)[0] if kept else now)


def _document_text(directory: Path, slug: str, fixture: Path) -> str:
    text_path = directory / "documents" / f"{slug}.txt"
    try:
        return text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FixtureError(
            f"{fixture.name}: document {slug!r} has no text and {text_path} cannot be read"
        ) from exc


def _check_questions(question_ids: set[int]) -> None:
    """The rules the admin applies to a question's results, applied to what was loaded."""
    questions = Question.objects.filter(pk__in=question_ids).prefetch_related("results__net")
    for question in questions.select_related("survey", "source"):
        shares = [
            (r.label, r.percent, r.qualifier, r.is_net, r.net.label if r.net else "")
            for r in question.results.all()
        ]
        problems = check_result_shares(kind=question.kind, shares=shares)
        quotes = [question.source_quote, *(r.source_quote for r in question.results.all())]
        if question.source:
            problems += [
                f"the passage {q[:60]!r}... does not stand in {question.source.slug}"
                for q in quotes
                if q and not question.source.contains(q)
            ]
        if problems:
            raise FixtureError(f"{question.survey.slug} {question}: " + "; ".join(problems))


@transaction.atomic
def passages_from_quotes() -> int:
    """A `SourcePassage` for every figure whose record quotes its document (the fixtures' results,
    questions, sample shares and event sources carry the sentence, not its offsets), so their
    figures link to the very passage. Passages already right are kept; returns how many were made.
    """
    quoted = [
        (Result.objects.select_related("question"), "percent", lambda r: [r.question.source_id]),
        (Question.objects.all(), "text", lambda q: [q.source_id]),
        (
            SampleComposition.objects.prefetch_related("survey__sources"),
            "percent",
            lambda s: [d.pk for d in s.survey.sources.all()],
        ),
        (EventSource.objects.all(), "record", lambda e: [e.document_id]),
    ]
    texts = dict(SourceDocument.objects.values_list("pk", "text"))
    made = []
    for queryset, fact, documents_of in quoted:
        model = queryset.model
        content_type = ContentType.objects.get_for_model(model)
        quote_field = "quote" if model is EventSource else "source_quote"
        existing = {
            (p.object_id, p.document_id, p.start, p.end): p
            for p in SourcePassage.objects.filter(content_type=content_type, field=fact)
        }
        for record in queryset.exclude(**{quote_field: ""}):
            quote = getattr(record, quote_field)
            for document_id in documents_of(record):
                span = locate(texts.get(document_id, ""), quote)
                if span is None:
                    continue
                if (record.pk, document_id, span.start, span.end) not in existing:
                    stale = SourcePassage.objects.filter(
                        content_type=content_type, object_id=record.pk, field=fact
                    )
                    stale.delete()
                    made.append(
                        SourcePassage(
                            document_id=document_id,
                            content_type=content_type,
                            object_id=record.pk,
                            field=fact,
                            start=span.start,
                            end=span.end,
                            quote=texts[document_id][span.start : span.end],
                        )
                    )
                break
    SourcePassage.objects.bulk_create(made)
    return len(made)


@transaction.atomic
def records_publish(*, queryset: QuerySet, published: bool) -> int:
    """Publish (or withdraw) the given records; returns how many changed state.

    Saved one by one rather than with `update()`, so that `save()` and the signals that keep the
    search index in step see every change; staff select at most a page of rows.
    """
    # The admin's queryset may carry DISTINCT or annotations, which FOR UPDATE refuses: lock by pk.
    pks = list(queryset.values_list("pk", flat=True))
    records = queryset.model._default_manager.select_for_update().filter(
        pk__in=pks, published=not published
    )
    changed = 0
    for record in records:
        record.published = published
        record.save(update_fields=["published", "updated_at"])
        changed += 1
    return changed


@transaction.atomic
def links_publish(*, record) -> list:
    """Publish the unpublished people and organizations an event or survey links to.

    Withheld people (not "show publicly") stay withheld: publishing does not override that.
    Returns the records published.
    """
    drafts = unpublished_links(record)
    for model in {type(draft) for draft in drafts}:
        pks = [draft.pk for draft in drafts if type(draft) is model]
        records_publish(queryset=model._default_manager.filter(pk__in=pks), published=True)
    return drafts
