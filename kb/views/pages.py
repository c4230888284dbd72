"""Public read-only pages (foundation version: plain lists and details)."""

from django.views.generic import DetailView, ListView, TemplateView

from kb.models import Event, Organization, Person, SourceDocument, Survey, Topic


class VisibleMixin:
    """Drafts exist only for staff: the public gets a 404 and never sees them in a list."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class HomeView(TemplateView):
    template_name = "kb/home.html"


class EventListView(VisibleMixin, ListView):
    model = Event
    paginate_by = 25


class EventDetailView(VisibleMixin, DetailView):
    model = Event


class PersonListView(VisibleMixin, ListView):
    model = Person
    paginate_by = 50


class PersonDetailView(VisibleMixin, DetailView):
    model = Person


class OrganizationListView(VisibleMixin, ListView):
    model = Organization
    paginate_by = 50


class OrganizationDetailView(VisibleMixin, DetailView):
    model = Organization


class TopicListView(VisibleMixin, ListView):
    model = Topic


class TopicDetailView(VisibleMixin, DetailView):
    model = Topic


class SurveyListView(VisibleMixin, ListView):
    model = Survey
    paginate_by = 25


class SurveyDetailView(VisibleMixin, DetailView):
    model = Survey


class DocumentDetailView(VisibleMixin, DetailView):
    model = SourceDocument
