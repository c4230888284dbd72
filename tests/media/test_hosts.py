import pytest

from kb.media.hosts import Player, clock, player, url_at


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", Player("youtube", "dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ", Player("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", Player("youtube", "dQw4w9WgXcQ")),
        ("https://vimeo.com/76979871", Player("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", Player("vimeo", "76979871")),
        ("https://www.youtube.com/watch?v=<script>", Player("", "")),
        ("https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ", Player("", "")),
        ("https://player.vimeo.com/", Player("", "")),
        ("javascript:alert(1)", Player("", "")),
        ("https://example.org/talk.mp4", Player("", "")),
    ],
)
def test_player_of_an_address(url, expected):
    assert player(url) == expected


def test_links_start_the_recording_at_a_time():
    assert url_at("https://youtu.be/dQw4w9WgXcQ", 1930.4) == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=1930"
    )
    assert url_at("https://vimeo.com/76979871", 1930) == (
        "https://player.vimeo.com/video/76979871?dnt=1#t=1930s"
    )
    assert url_at("/media/recordings/talk.mp4", 65) == "/media/recordings/talk.mp4#t=65"
    assert clock(1930) == "00:32:10" and clock(5.9) == "00:00:05"
