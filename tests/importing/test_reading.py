"""Files to text: a Word document, a PDF with and without a text layer, and files refused."""

import pytest

from bench.importing import docx_bytes, pdf_bytes, scanned_pdf_bytes
from kb.importing.errors import DocumentRejected, Reason
from kb.importing.figures import find_figures
from kb.importing.reading import read_document
from kb.importing.sentences import split_sentences

from .measure import DATA

RELEASE = (DATA / "survey-en-percent-words.txt").read_text(encoding="utf-8").strip().split("\n\n")


def _figures(text):
    return [(f.text, f.sentence.text) for f in find_figures(text, split_sentences(text))]


def test_a_pdf_release_reads_like_its_text(settings):
    read = read_document(data=pdf_bytes(RELEASE, title="Courts poll"), filename="poll.pdf")
    assert read.file_type == "pdf" and read.title == "Courts poll"
    assert read.text.split("\n\n") == RELEASE
    assert _figures(read.text) == _figures("\n\n".join(RELEASE))


def test_a_word_release_keeps_paragraphs_and_table_rows():
    table = [["Answer", "Share, %"], ["Fully trust", "12.5"], ["Rather trust", "30,1"]]
    read = read_document(data=docx_bytes(RELEASE, table), filename="poll.docx")
    assert read.file_type == "docx"
    assert read.text.split("\n\n")[: len(RELEASE)] == RELEASE
    assert read.text.endswith("Answer | Share, %\nFully trust | 12.5\nRather trust | 30,1")
    figures = _figures(read.text)
    assert figures[-2:] == [("12.5", "Fully trust | 12.5"), ("30,1", "Rather trust | 30,1")]
    assert len(figures) == 21 + 2


def test_a_pdf_without_a_text_layer_is_refused():
    with pytest.raises(DocumentRejected) as refused:
        read_document(data=scanned_pdf_bytes(), filename="scan.pdf")
    assert refused.value.reason == Reason.NO_TEXT_LAYER
    assert "no text layer" in refused.value.message


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"   \n", Reason.EMPTY),
        ("notes.txt", bytes(range(256)) * 4, Reason.BINARY),
        ("old.doc", b"\xd0\xcf\x11\xe0 word 97", Reason.UNSUPPORTED_TYPE),
        ("fake.pdf", b"Hello, I am not a PDF", Reason.UNREADABLE),
        ("broken.pdf", b"%PDF-1.4 garbage", Reason.UNREADABLE),
        ("archive.zip", b"PK\x03\x04 not a word file", Reason.UNSUPPORTED_TYPE),
        ("page.html", b"<html><body><script>x()</script></body></html>", Reason.EMPTY),
    ],
)
def test_files_refused_with_a_named_reason(name, data, reason):
    with pytest.raises(DocumentRejected) as refused:
        read_document(data=data, filename=name)
    assert refused.value.reason == reason


def test_the_size_limit_is_a_setting(settings):
    settings.KENES_IMPORT_MAX_BYTES = 10
    with pytest.raises(DocumentRejected) as refused:
        read_document(data=b"45% agree, 30% do not.", filename="a.txt")
    assert refused.value.reason == Reason.TOO_LARGE


def test_a_russian_text_in_windows_1251_is_decoded():
    text = "По данным опроса, 48,6% граждан не доверяют результатам выборов. " * 3
    read = read_document(data=text.encode("cp1251"), filename="release.txt")
    assert read.text == text.strip("\n")
