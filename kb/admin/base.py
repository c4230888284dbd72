"""Pieces every Kenes admin shares: publish actions, slug messages, query-frugal autocompletes."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from modeltranslation.admin import TranslationAdmin, TranslationInlineModelAdmin
from reversion_compare.admin import CompareVersionAdmin

from kb import services
from kb.history import recorded
from kb.models import unpublished_links

from .errors import error_links


class KnownObjectsMixin:
    """Render the selected option from objects the form already holds, not from a new query.

    Django's autocomplete widget looks its selected value up again for every form; an inline with
    twenty speakers would cost twenty queries. The inline's queryset already joined or prefetched
    the related rows, so the form hands them to the widget (see `AdminForm`).
    """

    known: dict[str, models.Model] | None = None

    @property
    def media(self):
        # kb/admin-autocomplete.js names each select2 box after its field and forwards a row's
        # value. One list, so that the merge keeps it after the admin's autocomplete.js.
        media = super().media
        return forms.Media(js=[*media._js, "kb/admin-autocomplete.js"], css=media._css)

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.known is None or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected, key=list(self.known).index):
            obj = self.known[key]
            label = self.choices.field.label_from_instance(obj)
            default[1].append(self.create_option(name, obj.pk, label, selected, len(default[1])))
        return [default]


class KnownAutocompleteSelect(KnownObjectsMixin, AutocompleteSelect):
    pass


class KnownAutocompleteSelectMultiple(KnownObjectsMixin, AutocompleteSelectMultiple):
    pass


class ForwardingAutocompleteSelect(KnownAutocompleteSelect):
    """An autocomplete that sends the value of another field of its row with each search
    (`?person=<pk>`), so the choices can depend on it; kb/admin-autocomplete.js does the sending."""

    def __init__(self, *args, forward: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.forward = forward

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {**super().build_attrs(base_attrs, extra_attrs), "data-forward": self.forward}


class AdminForm(forms.ModelForm):
    """Base form of every Kenes admin form and inline form."""

    class Meta:
        error_messages = {
            "slug": {
                "unique": "This slug is already taken by another record. Choose another one: "
                "it becomes the page's address."
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # unwrap the "+" links
            if not isinstance(widget, KnownObjectsMixin):
                continue
            model_field = instance._meta.get_field(name)
            if model_field.many_to_many:
                cache = getattr(instance, "_prefetched_objects_cache", {})
                if instance.pk and model_field.name in cache:
                    widget.known = {str(obj.pk): obj for obj in cache[model_field.name]}
            elif model_field.is_cached(instance):
                obj = getattr(instance, name)
                widget.known = {str(obj.pk): obj} if obj is not None else {}


class KenesAdminMixin:
    """Autocomplete widgets that reuse loaded rows, and the base form."""

    form = AdminForm
    # Addresses typed without a scheme are https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _publish(modeladmin, request, queryset, *, published: bool):
    state = "Published" if published else "Unpublished"
    with recorded(user=request.user, comment=f"{state} from the list"):
        count = services.records_publish(queryset=queryset, published=published)
    opts = modeladmin.model._meta
    name = opts.verbose_name if count == 1 else opts.verbose_name_plural
    state = "published" if published else "withdrawn from public pages (unpublished)"
    modeladmin.message_user(request, f"{count} {name} {state}.", messages.SUCCESS)


@admin.action(description="Publish the selected %(verbose_name_plural)s", permissions=["change"])
def make_published(modeladmin, request, queryset):
    _publish(modeladmin, request, queryset, published=True)


@admin.action(description="Unpublish the selected %(verbose_name_plural)s", permissions=["change"])
def make_unpublished(modeladmin, request, queryset):
    _publish(modeladmin, request, queryset, published=False)


class HistoryAdmin(KenesAdminMixin, CompareVersionAdmin):
    """Every save is a version (with its inlines): History, Compare, Revert, Recover deleted."""

    history_latest_first = True

    def render_change_form(self, request, context, *args, **kwargs):
        if context.get("errors"):
            context["error_links"] = error_links(
                context["adminform"].form,
                [inline.formset for inline in context.get("inline_admin_formsets", [])],
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        # Reverting or recovering puts the version back, then saves the form shown over it; the
        # record's "last changed" is the version's too, so the public page is the one it was.
        url_name = getattr(request.resolver_match, "url_name", "") or ""
        restoring = url_name.endswith(("_revision", "_recover"))
        stamp = getattr(obj, "updated_at", None)
        super().save_model(request, obj, form, change)
        if restoring and stamp is not None:
            type(obj)._default_manager.filter(pk=obj.pk).update(updated_at=stamp)
            obj.updated_at = stamp


class InlineOnlyAdmin(HistoryAdmin):
    """A record staff edit inside another's page: reachable (autocomplete, change links), but
    not listed on the admin index."""

    def get_model_perms(self, request):
        return {}


class TranslatedAdmin(TranslationAdmin):
    """The translated fields (kb/translation.py) side by side: "Title [en]", "[ru]", "[kk]".

    Grouped, not tabbed: modeltranslation's tabs load jQuery UI from a CDN, which the CSP refuses.
    Only English is required; an empty Russian or Kazakh field shows the English, marked, in pages.
    """


class TranslatedInline(TranslationInlineModelAdmin):
    """An inline row's translated fields side by side (questions' wording, options' labels)."""


class PublishableAdmin(TranslatedAdmin, HistoryAdmin):
    """Admin of a model with a public page: slug, published state, actions, "view on site"."""

    actions = [make_published, make_unpublished]
    list_per_page = 50
    save_on_top = True
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description="page")
    def site_link(self, obj):
        return format_html('<a href="{}" target="_blank">view on site</a>', obj.get_absolute_url())


class KenesInlineMixin(KenesAdminMixin):
    extra = 0
    show_change_link = False


class LinkedDraftsMixin:
    """An event or survey saved as published while it links unpublished people or organizations
    says so (the public pages, calendars and search leave those out) and offers, in one click,
    to publish them too."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_publish_links"
        view = self.admin_site.admin_view(self.publish_links_view)
        own = [path("<path:object_id>/publish-links/", view, name=name)]
        return own + super().get_urls()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record = form.instance
        drafts = unpublished_links(record) if record.published else []
        if not drafts:
            return
        names = format_html_join(", ", "{} “{}”", ((d._meta.verbose_name, d.name) for d in drafts))
        url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_publish_links",
            args=[record.pk],
        )
        self.message_user(
            request,
            format_html(
                "This {} is published, but it links to records that are not, and its public "
                "page, calendar, exports and search leave them out: {}. "
                '<form method="post" action="{}" class="kb-inline-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="button">Publish these too</button></form>',
                self.opts.verbose_name,
                names,
                url,
                get_token(request),
            ),
            messages.WARNING,
        )

    def publish_links_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = get_object_or_404(self.model, pk=unquote(object_id))
        if not (
            self.has_change_permission(request, record)
            and request.user.has_perms(["kb.change_person", "kb.change_organization"])
        ):
            raise PermissionDenied
        with recorded(user=request.user, comment=f"Published with {record}"):
            published = services.links_publish(record=record)
        self.message_user(
            request,
            f"Published {len(published)} linked record(s): "
            + ", ".join(str(item) for item in published)
            + ".",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[record.pk],
            )
        )
