"""Pieces every Kenes model shares: timestamps, the published state, slugs as natural keys."""

from django.db import models


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """Staff see drafts too; everyone else sees only what is published."""
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.published()


class SlugManager(models.Manager):
    """Natural keys by slug, so fixtures load onto an existing database without duplicates."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        abstract = True


class PublishableModel(TimeStampedModel):
    published = models.BooleanField(
        "published",
        default=False,
        db_index=True,
        help_text="Only published records appear on public pages, in search, feeds and the API.",
    )
    slug = models.SlugField(
        "slug",
        max_length=120,
        unique=True,
        help_text="The last part of the page address; keep it stable once published.",
    )

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)
