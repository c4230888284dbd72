"""schema.org JSON-LD for each page type: Event, Person, Organization, Dataset (a survey), ...

Built from what the public page shows (kb.visibility), so a withheld person or field never
reaches a search engine through the page's metadata either.
"""

from __future__ import annotations

import json

from django.urls import reverse

from kb import visibility
from kb.enums import (
    EventFormat,
    EventOrganizationRole,
    EventPersonRole,
    SurveyOrganizationRole,
)
from kb.models import Event, Organization, Person, Question, SourceDocument, Survey, Topic

ATTENDANCE_MODES = {
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}

# Inside <script>, "</script>" or "<!--" in a value would end or confuse the element: JSON's
# \u escapes keep the data identical for a JSON parser and inert for the HTML parser.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
SCRIPT_ESCAPES |= {0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_tag(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(SCRIPT_ESCAPES)
    return f'<script type="application/ld+json">{text}</script>'


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def compact(data: dict) -> dict:
    """Leave out empty properties: schema.org readers treat "" and [] as statements."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def organization_ref(organization: Organization, request) -> dict:
    return compact(
        {
            "@type": "Organization",
            "name": organization.name,
            "url": absolute(request, organization.get_absolute_url()),
            "sameAs": organization.website,
        }
    )


def person_ref(person: Person, request, *, job_title: str = "") -> dict:
    return compact(
        {
            "@type": "Person",
            "name": person.name,
            "url": absolute(request, person.get_absolute_url()),
            "jobTitle": job_title,
        }
    )


def for_event(event: Event, request) -> dict:
    page_url = absolute(request, event.get_absolute_url())
    locations = []
    if event.format in (EventFormat.ONLINE, EventFormat.HYBRID):
        locations.append({"@type": "VirtualLocation", "url": event.online_url or page_url})
    if event.format in (EventFormat.IN_PERSON, EventFormat.HYBRID) and event.location:
        locations.append({"@type": "Place", "name": event.location, "address": event.location})
    links = visibility.public_organization_roles(event)
    people = visibility.public_person_roles(event)
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "description": event.summary or event.subtitle,
            "url": page_url,
            # With a time: local time and its UTC offset; with none: the date alone.
            "startDate": (event.starts_at or event.date).isoformat(),
            "endDate": event.ends_at.isoformat() if event.ends_at else "",
            "eventAttendanceMode": ATTENDANCE_MODES.get(event.format, ""),
            "eventStatus": "https://schema.org/EventScheduled",
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": [
                organization_ref(link.organization, request)
                for link in links
                if link.role in (EventOrganizationRole.ORGANIZER, EventOrganizationRole.HOST)
            ],
            "sponsor": [
                organization_ref(link.organization, request)
                for link in links
                if link.role in (EventOrganizationRole.CO_SPONSOR, EventOrganizationRole.PARTNER)
            ],
            "performer": [
                person_ref(link.person, request, job_title=visibility.shown_affiliation(link))
                for link in people
                if link.role != EventPersonRole.MODERATOR
            ],
            "contributor": [
                person_ref(link.person, request)
                for link in people
                if link.role == EventPersonRole.MODERATOR
            ],
            "keywords": [topic.name for topic in visibility.public_topics(event)],
            "recordedIn": [recording_ref(r, event, request) for r in public_recordings(event)],
            "workFeatured": [
                compact(
                    {
                        "@type": "DigitalDocument",
                        "name": material.title,
                        "url": absolute(request, material.address),
                        "inLanguage": material.language_tag,
                        "encodingFormat": MATERIAL_TYPES.get(material.kind, ""),
                    }
                )
                for material in public_materials(event)
            ],
        }
    )


MATERIAL_TYPES = {
    "PDF": "application/pdf",
    "PPTX": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def public_recordings(event: Event) -> list:
    # Only pages prefetch recordings and materials (`with_media`); other callers show none.
    cache = getattr(event, "_prefetched_objects_cache", {})
    return visibility.public_recordings(event) if "recordings" in cache else []


def public_materials(event: Event) -> list:
    cache = getattr(event, "_prefetched_objects_cache", {})
    return visibility.public_materials(event) if "materials" in cache else []


def recording_ref(recording, event: Event, request) -> dict:
    return compact(
        {
            "@type": "AudioObject" if recording.medium == "audio" else "VideoObject",
            "name": recording.title or event.title,
            "description": event.summary or event.title,
            "uploadDate": event.date.isoformat(),
            "inLanguage": recording.language_tag,
            "url": absolute(request, recording.address),
            "embedUrl": recording.embed_url,
            "contentUrl": absolute(request, recording.address) if recording.is_file else "",
        }
    )


def for_person(person: Person, request) -> dict:
    affiliations = visibility.public_affiliations(person)
    current = [a for a in affiliations if a.end_date is None]
    photo = visibility.public_photo_url(person)
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": person.name,
            "alternateName": person.alternate_name_list,
            "url": absolute(request, person.get_absolute_url()),
            "description": visibility.public_bio(person),
            "image": absolute(request, photo) if photo else "",
            "sameAs": person.website,
            "jobTitle": current[0].title if current else "",
            "affiliation": [organization_ref(a.organization, request) for a in current],
            "knowsAbout": [topic.name for topic in visibility.public_topics(person)],
        }
    )


def for_organization(organization: Organization, request) -> dict:
    parent = organization.parent
    alternate = [organization.short_name] if organization.short_name else []
    alternate += [n.strip() for n in organization.alternate_names.splitlines() if n.strip()]
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": organization.name,
            "alternateName": alternate,
            "url": absolute(request, organization.get_absolute_url()),
            "sameAs": organization.website,
            "description": organization.description,
            "parentOrganization": (
                organization_ref(parent, request) if parent and parent.published else ""
            ),
            "address": compact(
                {
                    "@type": "PostalAddress",
                    "addressLocality": organization.city,
                    "addressCountry": organization.country,
                }
            )
            if organization.city or organization.country
            else "",
        }
    )


def survey_description(survey: Survey) -> str:
    """Search engines want a sentence or more: the summary, else one made of the facts."""
    if survey.summary:
        return survey.summary
    facts = [survey.headline or survey.title]
    if survey.sample_size:
        facts.append(f"{survey.get_mode_display()} survey of {survey.sample_size:,} respondents")
    if survey.population:
        facts.append(survey.population)
    return ". ".join(facts) + "."


def for_survey(survey: Survey, request) -> dict:
    creators = visibility.organizations_in_role(survey, SurveyOrganizationRole.CONDUCTOR)
    creators += visibility.organizations_in_role(survey, SurveyOrganizationRole.PARTNER)
    creators = list(dict.fromkeys(creators))  # one organization may conduct and partner
    funders = visibility.organizations_in_role(survey, SurveyOrganizationRole.FUNDER)
    implementers = visibility.organizations_in_role(survey, SurveyOrganizationRole.IMPLEMENTER)
    start, end = survey.field_start, survey.field_end
    if start and end:
        coverage = f"{start.isoformat()}/{end.isoformat()}"
    else:
        coverage = (start or end).isoformat() if (start or end) else ""
    place = survey.country or survey.geography
    questions = sorted(survey.questions.all(), key=lambda q: q.number)
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": survey.title,
            "alternateName": survey.headline,
            "description": survey_description(survey),
            "url": absolute(request, survey.get_absolute_url()),
            "temporalCoverage": coverage,
            "spatialCoverage": {"@type": "Place", "name": place} if place else "",
            "creator": [organization_ref(o, request) for o in creators],
            "funder": [organization_ref(o, request) for o in funders],
            "contributor": [organization_ref(o, request) for o in implementers],
            "measurementTechnique": survey.get_mode_display(),
            "variableMeasured": [
                compact(
                    {
                        "@type": "PropertyValue",
                        "name": f"Q{q.number}. {q.short_label or q.text}",
                        "description": q.text,
                        "unitText": "percent of respondents",
                    }
                )
                for q in questions
            ],
            "keywords": [topic.name for topic in visibility.public_topics(survey)],
            "isAccessibleForFree": True,
            "includedInDataCatalog": {"@type": "DataCatalog", "name": "Kenes"},
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": "text/csv",
                    "contentUrl": absolute(
                        request, reverse("exports:survey-results-csv", args=[survey.slug])
                    ),
                }
            ],
            "dateModified": survey.updated_at.replace(microsecond=0).isoformat(),
        }
    )


def for_question(question: Question, request) -> dict:
    """One question as a Dataset that is part of its survey's, its shares as PropertyValues."""
    survey = question.survey
    creators = visibility.organizations_in_role(survey, SurveyOrganizationRole.CONDUCTOR)
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": f"Q{question.number}. {question.short_label or question.text}",
            "description": f"{question.text} ({question.base or 'all respondents'}; "
            f"{survey.title}).",
            "url": absolute(request, question.get_absolute_url()),
            "isPartOf": {
                "@type": "Dataset",
                "name": survey.title,
                "url": absolute(request, survey.get_absolute_url()),
            },
            "creator": [organization_ref(o, request) for o in creators],
            "temporalCoverage": "/".join(
                d.isoformat() for d in (survey.field_start, survey.field_end) if d
            ),
            "variableMeasured": [
                compact(
                    {
                        "@type": "PropertyValue",
                        "name": result.label,
                        "value": float(result.percent) if result.percent is not None else "",
                        "unitText": "percent of respondents",
                        "description": ""
                        if result.qualifier == "exact"
                        else f"{result.get_qualifier_display()} {result.percent}%",
                    }
                )
                for result in question.ordered_results()
            ],
            "keywords": [topic.name for topic in visibility.public_topics(question)],
            "isAccessibleForFree": True,
        }
    )


def for_topic(topic: Topic, request) -> dict:
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "name": topic.name,
            "alternateName": topic.alternate_name_list,
            "description": topic.description,
            "url": absolute(request, topic.get_absolute_url()),
            "inDefinedTermSet": {"@type": "DefinedTermSet", "name": "Kenes topics"},
        }
    )


def for_document(document: SourceDocument, request) -> dict:
    publisher = document.publisher
    return compact(
        {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": document.title,
            "url": absolute(request, document.get_absolute_url()),
            "sameAs": document.url,
            "inLanguage": document.language,
            "datePublished": document.issued.isoformat() if document.issued else "",
            "publisher": (
                organization_ref(publisher, request) if publisher and publisher.published else ""
            ),
        }
    )


BUILDERS = {
    Event: for_event,
    Person: for_person,
    Organization: for_organization,
    Survey: for_survey,
    Question: for_question,
    Topic: for_topic,
    SourceDocument: for_document,
}


def jsonld_for(obj, request) -> dict | None:
    """The JSON-LD of a public record; None for a draft, a withheld person or another type."""
    builder = BUILDERS.get(type(obj))
    if builder is None:
        return None
    # A question is as public as its survey.
    if not (obj.survey.published if isinstance(obj, Question) else obj.published):
        return None
    if isinstance(obj, Person) and not visibility.person_is_public(obj):
        return None
    return builder(obj, request)
