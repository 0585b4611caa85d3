from dashboard.text import plain

HOSTILE = '<script>alert(1)</script> ![x](http://evil.example/p.png) [link](javascript:x) **b**'


def test_markdown_and_html_characters_are_escaped():
    assert plain("a*b") == "a\\*b"
    assert plain("<b>") == "\\<b\\>"
    assert plain("line one\nline two") == "line one  \nline two"


def test_hostile_text_cannot_make_tags_links_or_images():
    shown = plain(HOSTILE)
    assert "<" not in shown.replace("\\<", "")
    assert "![" not in shown.replace("\\!\\[", "") and "](" not in shown.replace("\\]\\(", "")
    assert "**" not in shown.replace("\\*\\*", "").replace("\\*", "")
