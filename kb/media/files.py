"""Uploaded recordings, materials and people's photos, served by Kenes itself.

A file is served only when the row that holds it may be seen (kb.visibility): a private file,
or one of a draft event, answers 404 to the public even at its exact address, as does a
withheld person's photo or a photo withheld on its own; staff see them. The
address is the stored name, which Kenes chose (kb.models.media.upload_name): what the uploader
called the file never reaches the disk, a header or a URL. The type comes from our own table by
the (validated) extension, never from the content; documents download as attachments under a
name made from their title. Audio and video answer byte ranges (RFC 9110, one range; several
ranges get the whole file, as the RFC allows), so players can seek.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import http_date
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from kb import visibility
from kb.models import Material, Person, Recording

CONTENT_TYPES = {
    "mp4": "video/mp4",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "wav": "audio/wav",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Everything else (a file stored before the extension was checked) downloads as bytes.
UNKNOWN_TYPE = "application/octet-stream"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class ByteRange(NamedTuple):
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class Unsatisfiable(Exception):
    """A range that starts past the end of the file: 416."""


def byte_range(header: str, size: int) -> ByteRange | None:
    """The one range a Range header asks for; None for the whole file (no header, several
    ranges, or one the RFC says to ignore). Raises Unsatisfiable when it lies past the end."""
    match = _RANGE.match((header or "").strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last != "" and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    end = size - 1 if last == "" else min(int(last), size - 1)
    return ByteRange(start, end)


class FileSlice:
    """Reads `length` bytes of an open file from where it stands (a range's body)."""

    def __init__(self, file, length: int):
        self.file = file
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.file.read(size)
        self.remaining -= len(data)
        return data

    def close(self):
        self.file.close()


# The folder a model's upload_to writes into, and the field holding the file.
HOLDERS = {
    "recordings": (Recording, "file"),
    "materials": (Material, "file"),
    "people": (Person, "photo"),
}


def holder(name: str):
    """The row whose stored file is `name` (with its event), or None."""
    model, field = HOLDERS.get(name.split("/", 1)[0], (None, ""))
    if model is None:
        return None
    rows = model.objects.filter(**{field: name})
    return (rows if model is Person else rows.select_related("event")).first()


def stored_file(obj):
    return obj.photo if isinstance(obj, Person) else obj.file


def file_visible(obj, user=None) -> bool:
    if isinstance(obj, Person):
        return visibility.photo_file_visible(obj, user)
    return visibility.media_file_visible(obj, user)


def download_name(obj, extension: str) -> str:
    if isinstance(obj, Person):
        base = obj.slug
    else:
        base = slugify(obj.title or obj.event.title)[:80] or obj.event.slug
    return f"{base}.{extension}" if extension else base


@require_safe
def media_file(request, name: str):
    obj = holder(name)
    if obj is None or not file_visible(obj, request.user):
        raise Http404("No such file.")
    file = stored_file(obj)
    storage = file.storage
    if not storage.exists(file.name):
        raise Http404("No such file.")
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    content_type = CONTENT_TYPES.get(extension, UNKNOWN_TYPE)
    attachment = isinstance(obj, Material) or content_type == UNKNOWN_TYPE
    size = storage.size(file.name)
    modified = http_date(storage.get_modified_time(file.name).timestamp())
    try:
        # If-Range: the range only when the file is still the one the client has part of.
        wanted = request.headers.get("If-Range", modified) == modified
        part = byte_range(request.headers.get("Range", ""), size) if wanted else None
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _headers(response, obj, request.user, modified)
    opened = storage.open(file.name, "rb")
    if part is not None:
        opened.seek(part.start)
        body = FileSlice(opened, part.length)
    else:
        body = opened
    response = FileResponse(
        body,
        content_type=content_type,
        as_attachment=attachment,
        filename=download_name(obj, extension),
    )
    if part is not None:
        response.status_code = 206
        response["Content-Range"] = f"bytes {part.start}-{part.end}/{size}"
        response["Content-Length"] = str(part.length)
    return _headers(response, obj, request.user, modified)


def _headers(response, obj, user, modified: str):
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = modified
    response["X-Content-Type-Options"] = "nosniff"
    # A file the public may see can be kept a little while; one only staff see, never.
    public = file_visible(obj, None)
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
