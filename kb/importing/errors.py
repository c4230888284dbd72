"""Why a document was turned away: one named reason, one sentence staff understand."""

from enum import StrEnum


class Reason(StrEnum):
    EMPTY = "empty"
    BINARY = "binary"
    NO_TEXT_LAYER = "no-text-layer"
    TOO_LARGE = "too-large"
    UNSUPPORTED_TYPE = "unsupported-type"
    UNEXPECTED_LANGUAGE = "unexpected-language"
    UNREADABLE = "unreadable"


class DocumentRejected(Exception):
    """The document cannot be imported; nothing was stored."""

    def __init__(self, reason: Reason, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __str__(self):
        return f"{self.reason}: {self.message}"
