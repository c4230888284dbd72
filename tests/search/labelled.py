"""Records a search test makes, known by a label: indexed together, and the labels a search
finds (this test's records are the only ones)."""

from kb.search.backends import get_backend
from kb.search.documents import key_of
from kb.search.maintenance import index_rebuild
from kb.search.searching import search_run


def indexed(made: dict) -> dict[str, str]:
    """Index every record, then {record key: label} for `made` ({label: record})."""
    index_rebuild(backend=get_backend())
    return {key_of(record): label for label, record in made.items()}


def ranked(records: dict[str, str], q: str) -> list[str]:
    """The labels of the records found for `q`, in rank order."""
    outcome = search_run(params={"q": q, "per_page": 100})
    return [records.get(hit.key, hit.key) for hit in outcome.page.hits]
