"""Device and ticket text is data: escape sequences never reach the terminal."""

from netops.text import plain, plain_or_none


def test_escape_sequences_are_removed():
    # clear screen + cursor home, a colour, an OSC window title ended by BEL and by ST
    assert plain("\x1b[2J\x1b[HONU-1 \x1b[31mred\x1b[0m") == "ONU-1 red"
    assert plain("a\x1b]0;owned\x07b") == "ab"
    assert plain("a\x1b]2;owned\x1b\\b") == "ab"
    assert plain("a\x9b2Jb") == "ab"


def test_other_control_characters_are_made_visible():
    assert plain("bell\x07") == "bell\\x07"
    assert plain("nul\x00del\x7f") == "nul\\x00del\\x7f"
    assert plain("lone \x1b") == "lone \\x1b"
    assert plain("tab\there") == "tab here"


def test_line_breaks_are_visible_in_one_line_fields_and_kept_in_free_text():
    assert plain("a\nb") == "a\\nb"
    assert plain("a\r\nb", multiline=True) == "a\nb"


def test_bidi_overrides_are_made_visible():
    assert plain("abc\u202edcba") == "abc\\u202edcba"


def test_ordinary_text_is_unchanged():
    for text in ("Maria José – apto 3", "[bold red]x[/]", "ÑANDÚ 5G", "ssid with  spaces"):
        assert plain(text) == text


def test_none_stays_none():
    assert plain_or_none(None) is None
    assert plain_or_none("\x1b[2Jx") == "x"
