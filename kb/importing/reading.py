"""Files to text: plain text, a web page's main text, a PDF's text layer, a Word document.

Whatever the format, the text comes out the same shape, which the rest of the importer reads:
paragraphs separated by a blank line, a list item or a heading as a paragraph of its own, and a
table as a block of rows whose cells are joined by " | ". Nothing here reaches the network.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext

from .errors import DocumentRejected, Reason

CELL_SEPARATOR = " | "
SUPPORTED = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}


@dataclass(frozen=True)
class ReadDocument:
    text: str
    file_type: str  # text, html, pdf, docx
    filename: str
    title: str = ""


def max_bytes() -> int:
    return settings.KENES_IMPORT_MAX_BYTES


def too_large_message(size: int) -> str:
    """Why a file of `size` bytes, over max_bytes(), is not imported (in megabytes)."""
    return gettext("The file is %(size)s MB; documents of up to %(limit)s MB can be imported.") % {
        "size": f"{size / 1e6:.1f}",
        "limit": f"{max_bytes() / 1e6:.0f}",
    }


def read_document(*, data: bytes, filename: str) -> ReadDocument:
    """The text of an uploaded file; DocumentRejected with a named reason when there is none."""
    if len(data) > max_bytes():
        raise DocumentRejected(Reason.TOO_LARGE, too_large_message(len(data)))
    if not data.strip():
        raise DocumentRejected(Reason.EMPTY, gettext("The file is empty."))
    file_type = _file_type(data, filename)
    reader = {"text": _read_text, "html": _read_html, "pdf": _read_pdf, "docx": _read_docx}
    text, title = reader[file_type](data)
    return ReadDocument(text=_check_text(text), file_type=file_type, filename=filename, title=title)


def read_pasted(text: str) -> ReadDocument:
    return ReadDocument(text=_check_text(normalize(text)), file_type="text", filename="")


def _file_type(data: bytes, filename: str) -> str:
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if suffix == ".docx" or _is_docx(data):
            return "docx"
        raise DocumentRejected(
            Reason.UNSUPPORTED_TYPE, gettext("This is a ZIP archive, not a Word (.docx) document.")
        )
    if suffix in SUPPORTED and SUPPORTED[suffix] not in ("pdf", "docx"):
        return SUPPORTED[suffix]
    if suffix in (".pdf", ".docx"):
        raise DocumentRejected(
            Reason.UNREADABLE,
            gettext("The file is named %(suffix)s but is not a %(type)s file.")
            % {"suffix": suffix, "type": suffix[1:].upper()},
        )
    if not suffix and _looks_like_html(data):
        return "html"
    if not suffix:
        return "text"
    raise DocumentRejected(
        Reason.UNSUPPORTED_TYPE,
        gettext(
            "Files of type %(suffix)s cannot be imported; use .txt, .html, .pdf or .docx "
            "(or paste the text)."
        )
        % {"suffix": suffix},
    )


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<html" in head or b"<!doctype html" in head or b"<body" in head


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise DocumentRejected(Reason.BINARY, "The file holds binary data, not text.")
    for encoding in ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentRejected(Reason.BINARY, "The file holds binary data, not text.")
    return str(best)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return text.strip("\n")


def _check_text(text: str) -> str:
    if not text.strip():
        raise DocumentRejected(Reason.EMPTY, "The document holds no text.")
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 100):
        raise DocumentRejected(Reason.BINARY, "The file holds binary data, not text.")
    return text


def _read_text(data: bytes) -> tuple[str, str]:
    return normalize(_decode(data)), ""


def _read_html(data: bytes) -> tuple[str, str]:
    from .html import html_main_text

    return html_main_text(_decode(data))


def _read_pdf(data: bytes) -> tuple[str, str]:
    from .pdf import pdf_text

    return pdf_text(data)


def _read_docx(data: bytes) -> tuple[str, str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise DocumentRejected(
            Reason.UNREADABLE, f"The Word document cannot be read: {exc}"
        ) from exc
    blocks = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            line = " ".join(Paragraph(child, document).text.split())
            if line:
                blocks.append(line)
        elif tag == "tbl":
            rows = [
                CELL_SEPARATOR.join(" ".join(cell.text.split()) for cell in row.cells)
                for row in Table(child, document).rows
            ]
            blocks.append("\n".join(rows))
    title = document.core_properties.title or ""
    return "\n\n".join(blocks), title
