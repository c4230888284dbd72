import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kb.importing.errors import DocumentRejected, Reason
from kb.importing.pipeline import KINDS, analyse
from kb.importing.reading import max_bytes, read_document

# A distinct exit status per reason, so scripts can tell them apart (README, "Importing").
EXIT_CODES = {reason: 3 + i for i, reason in enumerate(Reason)}
INVALID_DRAFTS = 3 + len(Reason)


class Command(BaseCommand):
    help = (
        "Import a survey release or an event announcement (.txt, .html, .pdf, .docx): find its "
        "figures and facts and create draft records with their passages. --dry-run stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--kind",
            choices=KINDS,
            help="Survey release or event announcement (default: detected).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what was found; store nothing."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print what was found as one JSON object."
        )

    def handle(self, *args, file, kind, dry_run, json: bool, **options):
        try:
            proposal = analyse(_read(file), kind=kind)
            created = None
            if not dry_run:
                from kb.importing.services import drafts_create

                created = drafts_create(proposal=proposal)
        except DocumentRejected as exc:
            raise CommandError(
                f"Nothing was imported ({exc.reason}): {exc.message}",
                returncode=EXIT_CODES[exc.reason],
            ) from exc
        except ValidationError as exc:
            # What the rules found does not make a valid record (an event with no date, ...):
            # the admin's preview is where a person supplies it.
            raise CommandError(
                f"Nothing was imported (invalid-drafts): {'; '.join(exc.messages)}. Run with "
                "--dry-run to see what was found, or import it in the admin to complete it.",
                returncode=INVALID_DRAFTS,
            ) from exc
        if json:
            data = proposal.as_json()
            if created is not None:
                data["created"] = created.as_json()
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(_summary(proposal))
        if created is not None:
            self.stdout.write(self.style.SUCCESS(f"Created drafts: {created}."))
        else:
            self.stdout.write("Dry run: nothing was stored.")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _read(file: Path):
    try:
        size = file.stat().st_size
        if size > max_bytes():
            raise DocumentRejected(
                Reason.TOO_LARGE,
                f"The file is {size / 1e6:.1f} MB; documents of up to "
                f"{max_bytes() / 1e6:.0f} MB can be imported.",
            )
        data = file.read_bytes()
    except OSError as exc:
        raise CommandError(
            f"Nothing was imported: cannot read {file}: {exc.strerror}", returncode=2
        ) from exc
    return read_document(data=data, filename=file.name)


def _summary(proposal) -> str:
    lines = [
        f"{proposal.filename}: {proposal.kind} ({proposal.language}), "
        f"{len(proposal.text)} characters, {len(proposal.figures)} percentages.",
    ]
    part = proposal.survey or proposal.event
    for fact in part.facts:
        lines.append(f"  {fact.field}: {fact.value}")
    if proposal.survey:
        for q in proposal.survey.questions:
            options = "; ".join(f"{o.label} {o.figure_text}" for o in q.options)
            lines.append(f"  Q{q.number} ({q.kind}): {options}")
    if proposal.event:
        for p in proposal.event.people:
            lines.append(f"  {p.position + 1}. {p.name} ({p.role}) {p.title}, {p.organization}")
    for o in part.organizations:
        lines.append(f"  {o.role}: {o.name}{'' if o.existing else ' (new)'}")
    decisions = proposal.open_decisions()
    lines.append(f"To decide ({len(decisions)}):")
    lines += [f"  - {d}" for d in decisions]
    return "\n".join(lines)
