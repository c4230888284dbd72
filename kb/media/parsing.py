"""Transcript files to timed segments: WebVTT (webvtt-py), SRT (srt), plain text with times.

Plain text is one utterance per line, "00:32:10 Name: text" (the time may be [bracketed], the
hour left out); a line without a time continues the one before. A speaker comes from a WebVTT
voice tag (<v Yevgeniy Zhovtis>) or a "Name:" prefix; a cue without one continues the speaker
before it, as captions split a long answer over several cues. Every error names the line it is
on: staff fix the file and upload it again; nothing is stored from a file that does not parse.
"""

from __future__ import annotations

import io
import itertools
import re
from typing import NamedTuple

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from kb.enums import TranscriptFormat


class TranscriptError(ValueError):
    """A file that does not parse; the message names the line."""

    def __init__(self, line: int, problem: str):
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}" if line else problem)


class ParsedSegment(NamedTuple):
    line: int  # where it starts in the file
    start: float
    end: float | None
    speaker: str  # as written; "" when the file names nobody
    text: str


class ParsedTranscript(NamedTuple):
    source_format: str
    segments: list[ParsedSegment]

    @property
    def speaker_names(self) -> list[str]:
        return sorted({s.speaker for s in self.segments if s.speaker})


_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})"
_VTT_TIME = r"(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}"
_VTT_TIMING = re.compile(rf"^({_VTT_TIME})[ \t]+-->[ \t]+({_VTT_TIME})(?:[ \t]+.*)?$")
_VTT_TIMING_START = re.compile(rf"^{_VTT_TIME}\s+\S")
_TEXT_LINE = re.compile(rf"^\[?{_TIME}(?:[.,]\d{{1,3}})?\]?(?:\s+(.*))?$")
_LOOKS_TIMED = re.compile(r"^\[?\d{1,3}:\d")
# "Name: text": a name is a few words of letters (and dots, hyphens, apostrophes), no digits.
_NAME_PREFIX = re.compile(r"^([^\W\d_][^\W\d_.'’ -]*(?:[.'’ -]+[^\W\d_]+){0,4}\.?)\s*:\s+(.*)$")
_VOICE = re.compile(r"^<v(?:\.[\w-]+)*\s+([^>]+)>\s*", re.UNICODE)


def parse_transcript(content: bytes | str, filename: str = "") -> ParsedTranscript:
    """Read a transcript file in whichever of the three formats it is in."""
    text = _decode(content)
    lines = text.splitlines()
    first = next((line.strip() for line in lines if line.strip()), "")
    if not first:
        raise TranscriptError(0, "the file is empty")
    name = filename.lower()
    if first.startswith("WEBVTT") or name.endswith(".vtt"):
        return ParsedTranscript(TranscriptFormat.WEBVTT, _parse_vtt(text, lines))
    if name.endswith(".srt") or "-->" in text:
        return ParsedTranscript(TranscriptFormat.SRT, _parse_srt(text))
    return ParsedTranscript(TranscriptFormat.TEXT, _parse_text(lines))


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content.lstrip("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise TranscriptError(line, "the file is not UTF-8 text") from exc


def _seconds(hours: str | None, minutes: str, seconds: str, line: int) -> int:
    if int(minutes) > 59 or int(seconds) > 59:
        raise TranscriptError(line, f"{minutes}:{seconds} is not a time (minutes and seconds < 60)")
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)


def split_speaker(text: str) -> tuple[str, str]:
    """("Yevgeniy Zhovtis", "text") from "<v Yevgeniy Zhovtis>text" or "Yevgeniy Zhovtis: text"."""
    voice = _VOICE.match(text)
    if voice:
        return voice.group(1).strip(), _strip_tags(text[voice.end() :])
    prefix = _NAME_PREFIX.match(text)
    if prefix:
        return prefix.group(1).strip(), prefix.group(2).strip()
    return "", _strip_tags(text)


def _strip_tags(text: str) -> str:
    return re.sub(r"</?[a-z][^>]*>", "", text).strip()


def _join(segments: list[ParsedSegment]) -> list[ParsedSegment]:
    """A cue without a speaker continues the one before it."""
    out, speaker = [], ""
    for segment in segments:
        speaker = segment.speaker or speaker
        if segment.text:
            out.append(segment._replace(speaker=speaker))
    return out


def _parse_vtt(text: str, lines: list[str]) -> list[ParsedSegment]:
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise TranscriptError(1, 'a WebVTT file starts with "WEBVTT"')
    cue_lines = []
    for number, line in enumerate(lines, start=1):
        # A line that starts like a cue timing is one (a mistyped arrow is not cue text).
        if "-->" not in line and not _VTT_TIMING_START.match(line.strip()):
            continue
        timing = _VTT_TIMING.match(line.strip())
        if not timing:
            raise TranscriptError(number, f'"{line.strip()}" is not a cue timing')
        for value in timing.groups():
            *hours, minutes, seconds = value.split(":")
            _seconds(hours[0] if hours else None, minutes, seconds.split(".")[0], number)
        cue_lines.append(number)
    try:
        captions = webvtt.from_buffer(io.StringIO(text), strict=True).captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise TranscriptError(0, f"not a valid WebVTT file: {exc}") from exc
    if len(captions) != len(cue_lines):
        raise TranscriptError(0, "not a valid WebVTT file: a cue could not be read")
    segments = []
    for number, caption in zip(cue_lines, captions, strict=True):
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        if end < start:
            raise TranscriptError(number, "the cue ends before it starts")
        speaker, said = split_speaker(" ".join(caption.raw_text.split("\n")))
        segments.append(ParsedSegment(number, start, end, speaker, said))
    return _join(segments)


def _parse_srt(text: str) -> list[ParsedSegment]:
    _check_srt_blocks(text.splitlines())
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        offset = exc.expected_start + (
            len(exc.unmatched_content) - len(exc.unmatched_content.lstrip())
        )
        line = text[:offset].count("\n") + 1
        snippet = (
            exc.unmatched_content.strip().splitlines()[0][:60]
            if exc.unmatched_content.strip()
            else ""
        )
        raise TranscriptError(
            line, f'"{snippet}" is not a subtitle block (number, times, text)'
        ) from exc
    lines = text.splitlines()
    # Where each block starts (its number, then its times): srt keeps no line numbers.
    starts = [
        n
        for n, (line, following) in enumerate(itertools.pairwise([*lines, ""]), start=1)
        if line.strip().isdigit() and "-->" in following
    ]
    segments = []
    for number, subtitle in enumerate(subtitles):
        line = starts[number] if number < len(starts) else 0
        start, end = subtitle.start.total_seconds(), subtitle.end.total_seconds()
        if end < start:
            raise TranscriptError(line, "the subtitle ends before it starts")
        speaker, said = split_speaker(" ".join(subtitle.content.split("\n")))
        segments.append(ParsedSegment(line, start, end, speaker, said))
    return _join(segments)


def _check_srt_blocks(lines: list[str]) -> None:
    """A block number (after a blank line) must be followed by the block's times. `srt` reads
    text may hold blank lines, so a block with broken times would silently become more words of
    the subtitle before it, said by its speaker."""
    for number, (before, line, following) in enumerate(
        zip(["", *lines[:-1]], lines, [*lines[1:], ""], strict=True), start=1
    ):
        if not before.strip() and line.strip().isdigit() and "-->" not in following:
            snippet = following.strip()[:60]
            raise TranscriptError(
                number + 1,
                f'"{snippet}" is not the times of subtitle {line.strip()} '
                '(expected "00:00:05,000 --> 00:00:09,000")',
            )


def _parse_text(lines: list[str]) -> list[ParsedSegment]:
    segments: list[ParsedSegment] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        timed = _TEXT_LINE.match(line)
        if timed:
            start = _seconds(*timed.groups()[:3], number)
            if segments and start < segments[-1].start:
                raise TranscriptError(number, "this time is earlier than the line before")
            speaker, said = split_speaker(timed.group(4) or "")
            segments.append(ParsedSegment(number, start, None, speaker, said))
        elif _LOOKS_TIMED.match(line):
            raise TranscriptError(number, f'"{line[:40]}" starts with a time that cannot be read')
        elif not segments:
            raise TranscriptError(
                number, 'text before the first time (expected "00:00:05 Name: text")'
            )
        else:
            last = segments[-1]
            segments[-1] = last._replace(text=f"{last.text} {line}".strip())
    # A line ends where the next begins.
    ended = [s._replace(end=n.start) for s, n in itertools.pairwise(segments)]
    return _join([*ended, *segments[len(ended) :]])
