"""Read-only representations: only what a public page shows.

Relations are filtered through `kb.visibility`, so a draft organization, a withheld person
or a withheld field never appears, whichever endpoint embeds it. One module per
responsibility: the embedded references (`refs`), events, people, organizations and topics
(`records`), surveys (`surveys`), search (`search`); every name is re-exported here.
"""

from .records import (
    AffiliationSerializer,
    EventSerializer,
    OrganizationSerializer,
    PersonEventSerializer,
    PersonSerializer,
    TopicSerializer,
)
from .refs import (
    EventPersonSerializer,
    OrganizationRefSerializer,
    PageUrlField,
    PersonRefSerializer,
    RoleOrganizationSerializer,
    SurveyRefSerializer,
    TopicRefSerializer,
    lines,
    percent_field,
)
from .search import (
    NULLABLE_URI,
    SEARCH_API_ROUTES,
    FacetValueSerializer,
    SearchFacetsSerializer,
    SearchHitSerializer,
    SearchResponseSerializer,
    search_parameters,
)
from .surveys import (
    CompositionSerializer,
    QuestionInSurveySerializer,
    QuestionSerializer,
    ResultSerializer,
    SurveySerializer,
)

__all__ = [
    "NULLABLE_URI",
    "SEARCH_API_ROUTES",
    "AffiliationSerializer",
    "CompositionSerializer",
    "EventPersonSerializer",
    "EventSerializer",
    "FacetValueSerializer",
    "OrganizationRefSerializer",
    "OrganizationSerializer",
    "PageUrlField",
    "PersonEventSerializer",
    "PersonRefSerializer",
    "PersonSerializer",
    "QuestionInSurveySerializer",
    "QuestionSerializer",
    "ResultSerializer",
    "RoleOrganizationSerializer",
    "SearchFacetsSerializer",
    "SearchHitSerializer",
    "SearchResponseSerializer",
    "SurveyRefSerializer",
    "SurveySerializer",
    "TopicRefSerializer",
    "TopicSerializer",
    "lines",
    "percent_field",
    "search_parameters",
]
