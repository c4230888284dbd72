"""The OpenAPI schema's answers beyond 200: every GET names the 400 of a malformed or unknown
parameter (a list's filter, any `lang`), and the lists and records the 404 of a page past the
end or an unknown slug. Without them a client generated from the schema treats those answers as
faults (schemathesis's check). Search documents its own (kb/api/views.py)."""

BAD_PARAMETER = {"description": "A parameter is unknown or malformed (named, with the reason)."}
NOT_FOUND = {"description": "No such page of the list, or no published record with that key."}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the 400 and 404 each list and record answers."""
    for path, operations in result.get("paths", {}).items():
        operation = operations.get("get")
        if operation is None or path.endswith(("/schema/", "/search/")):
            continue
        responses = operation.setdefault("responses", {})
        responses.setdefault("400", BAD_PARAMETER)
        responses.setdefault("404", NOT_FOUND)
    return result
