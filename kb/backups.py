"""Backups: everything staff made, exported as JSON with natural keys, restored all or nothing.

What is left out is what Django or Kenes rebuild by themselves: content types and permissions
(made by `migrate`), sessions, django-axes' login records, and the search index (rebuilt after a
restore). Staff accounts are included, password hashes and all: keep backups as secret as the
database. Uploaded files (people's photos) live in MEDIA_ROOT: copy that folder beside the JSON.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.signals import pre_save

from kb.services import error_reason

# App labels and models ("app.model") that a backup leaves out (kb_search: the index and its
# queue, rebuilt by restore_kb).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "kb_search"]


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


def backed_up_models() -> list[type]:
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
    ]


def database_holds_content() -> bool:
    """Any record staff made: a kb row or a user (groups may come from a migration)."""
    from django.contrib.auth import get_user_model

    models = [*apps.get_app_config("kb").get_models(), get_user_model()]
    return any(model._default_manager.exists() for model in models)


def kb_export(*, path: Path) -> int:
    """Write everything to `path` (JSON; `.gz`, `.bz2`, `.xz` compress); return the count."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder")
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        # References by natural key (slugs) make a backup readable and robust; the records keep
        # their ids too, so a restore gives back the same pages, anchors (#question-12) included.
        natural_foreign=True,
        natural_primary=False,
        indent=1,
        output=str(path),
        verbosity=0,
    )
    return sum(model._default_manager.count() for model in backed_up_models())


@transaction.atomic
def kb_restore(*, path: Path, replace: bool = False) -> int:
    """Load a backup made by `kb_export`: all of it or, on any error, none of it.

    Refuses a database that already holds content unless `replace`, which empties the backed-up
    tables first (in the same transaction, so a failed restore leaves the old content in place).
    Every record is then validated as the admin would (a `javascript:` link, a control character
    in a title): one that fails is named and nothing is restored.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    if database_holds_content():
        if not replace:
            raise BackupError(
                "the database already holds content; restore into an empty database "
                "(after `manage.py migrate`) or pass --replace to delete what is there first"
            )
        _empty_backed_up_tables()
    pre_save.connect(_validate_fields, dispatch_uid=VALIDATOR_UID)
    try:
        call_command("loaddata", str(path), verbosity=0)
        _validate_records()
    except InvalidRecord as exc:
        raise BackupError(f"{path.name}: {exc.reason}") from exc
    except Exception as exc:  # loaddata raises many kinds; each means the file cannot be loaded
        raise BackupError(f"{path.name}: cannot be restored: {error_reason(exc)}") from exc
    finally:
        pre_save.disconnect(dispatch_uid=VALIDATOR_UID)
    return sum(model._default_manager.count() for model in backed_up_models())


# Every record is validated as the admin would (loaddata saves rows raw): its fields as the
# file gives them, before the row is written (what the database hands back may already be
# made safe, kb.models.fields.WebAddressField), then each model's own `clean()` once every row
# it may refer to is there. References, uniqueness and constraints are the database's to check.
VALIDATOR_UID = "kb-backups-validate-restored"


class InvalidRecord(Exception):
    def __init__(self, record, error: ValidationError):
        by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" if field else " ".join(messages)
            for field, messages in by_field.items()
        )
        self.reason = f"{_record_name(record)} is not valid: {problems}"
        super().__init__(self.reason)


def _record_name(record) -> str:
    name = f"{record._meta.label} {record.pk}"
    try:
        return f"{name} ({record})"
    except Exception:  # a record's name may need a row the file has not given yet
        return name


def _validate_fields(sender, instance, raw=False, **kwargs):
    if not raw:
        return
    relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    try:
        instance.clean_fields(exclude=relations)
    except ValidationError as exc:
        raise InvalidRecord(instance, exc) from None


def _validate_records() -> None:
    for model in backed_up_models():
        if model.clean is models.Model.clean:
            continue
        for record in model._base_manager.order_by("pk").iterator(chunk_size=2000):
            try:
                record.clean()
            except ValidationError as exc:
                raise InvalidRecord(record, exc) from None


def _empty_backed_up_tables() -> None:
    tables = set()
    for model in backed_up_models():
        tables.add(model._meta.db_table)
        tables.update(
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        )
    existing = set(connection.introspection.table_names())
    # PostgreSQL refuses to truncate tables with deferred checks pending in this transaction.
    connection.check_constraints()
    statements = connection.ops.sql_flush(
        no_style(), sorted(tables & existing), reset_sequences=True, allow_cascade=True
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
