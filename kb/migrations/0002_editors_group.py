"""The "Editors" group: program staff who edit the knowledge base's content, not users or groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
ACTIONS = ("add", "change", "delete", "view")


def create_editors(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate); on a fresh database they
    # do not exist yet at this point, so make the kb app's own now (idempotent).
    kb_config = apps.get_app_config("kb")
    kb_config.models_module = True
    create_permissions(kb_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    kb_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    codenames = []
    for model in kb_config.get_models():
        codenames += [f"{action}_{model._meta.model_name}" for action in ACTIONS]
    content_types = ContentType.objects.using(db).filter(app_label="kb")
    permissions = Permission.objects.using(db).filter(
        content_type__in=content_types, codename__in=codenames
    )
    group, _ = Group.objects.using(db).get_or_create(name=GROUP)
    group.permissions.add(*permissions)


def remove_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
