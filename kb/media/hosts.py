"""Where a recording plays: the embed for the hosts the Content Security Policy allows, a link
that starts it at a given second, a plain link for any other address.

Embeds use the hosts' privacy-friendly players (youtube-nocookie.com; Vimeo with dnt=1): a
reader who never presses play sends them no cookie. `EMBED_ORIGINS` is what CSP frame-src lists.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

EMBED_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{1,12}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
_YOUTUBE_HOSTS |= {"www.youtube-nocookie.com"}


class Player(NamedTuple):
    host: str  # "youtube", "vimeo" or "" (a file or another site: a plain link)
    video_id: str

    @property
    def embed_url(self) -> str:
        if self.host == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        if self.host == "vimeo":
            return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"
        return ""


def player(url: str) -> Player:
    """The embeddable player behind a recording's address, or Player("", "")."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return Player("", "")
    if parts.scheme not in ("http", "https"):
        return Player("", "")
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s] or [""]
    candidate = ""
    if host == "youtu.be" and segments:
        candidate = segments[0]
    elif host in _YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "live", "shorts", "v"):
            candidate = segments[1]
    if candidate:
        return Player("youtube", candidate) if _YOUTUBE_ID.match(candidate) else Player("", "")
    if host in ("vimeo.com", "www.vimeo.com") and segments and _VIMEO_ID.match(segments[-1]):
        return Player("vimeo", segments[-1])
    is_player = host == "player.vimeo.com" and len(segments) >= 2 and segments[0] == "video"
    if is_player and _VIMEO_ID.match(segments[1]):
        return Player("vimeo", segments[1])
    return Player("", "")


def url_at(address: str, seconds: float) -> str:
    """The recording at `address` started at `seconds`: YouTube's ?start=, Vimeo's #t=, and a
    media fragment (#t=) for a file or any other address (a browser's player honours it)."""
    second = max(int(seconds), 0)
    found = player(address)
    if found.host == "youtube":
        return f"{found.embed_url}?start={second}"
    if found.host == "vimeo":
        return f"{found.embed_url}#t={second}s"
    base = address.split("#", 1)[0]
    return f"{base}#t={second}"


def clock(seconds: float | None) -> str:
    """00:32:10 for 1930 seconds: how a transcript's times are shown."""
    if seconds is None:
        return ""
    total = max(int(seconds), 0)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"
