"""The sanitiser and the text helpers every member's writing passes through."""

import pytest

from intranet.html import clean_html, html_to_text, text_to_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<script>alert(1)</script><p>Hi</p>", "<p>Hi</p>"),
        ("<style>p { color: red }</style><p>Hi</p>", "<p>Hi</p>"),
        ('<p onclick="alert(1)">Hi</p>', "<p>Hi</p>"),
        ('<img src="a.png" onerror="alert(1)" alt="A">', '<img src="a.png" alt="A">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<a href="JAVASCRIPT:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<a href="data:text/html,x">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<iframe src="https://example.com/"></iframe>', ""),
        ('<svg onload="alert(1)"><circle/></svg>', ""),
        ("<p>a<!-- secret --></p>", "<p>a</p>"),
        ('<p class="x" style="color:red">a</p>', "<p>a</p>"),
        ("<form><input name=x></form>", ""),
        (None, ""),
    ],
)
def test_clean_html_strips_what_could_run_or_restyle(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.parametrize(
    "kept",
    [
        "<p><strong>a</strong> <em>b</em> <b>c</b> <i>d</i> <code>e</code></p>",
        "<h2>a</h2><h3>b</h3><blockquote>c</blockquote><pre>d</pre><hr>",
        "<ul><li>a</li></ul><ol><li>b</li></ol>",
        '<table><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td>b</td></tr></tbody>'
        "</table>",
        '<p><a href="https://example.com/" title="t" rel="noopener noreferrer nofollow">x</a>'
        ' <a href="mailto:a@b.example" rel="noopener noreferrer nofollow">m</a></p>',
    ],
)
def test_clean_html_keeps_simple_formatting_and_safe_links(kept):
    assert clean_html(kept) == kept


def test_clean_html_marks_every_link_nofollow():
    cleaned = clean_html('<a href="https://example.com/" rel="opener" target="_blank">x</a>')
    assert cleaned == '<a href="https://example.com/" rel="noopener noreferrer nofollow">x</a>'


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("One line", "<p>One line</p>"),
        ("First\n\nSecond", "<p>First</p><p>Second</p>"),
        ("Line\nbreak", "<p>Line<br>break</p>"),
        ("  \n\nPadded\n \n\n", "<p>Padded</p>"),
        ("a < b & c", "<p>a &lt; b &amp; c</p>"),
        ("<b>bold</b> text", "<p><b>bold</b> text</p>"),
        ("<p>Already</p><p>blocks</p>", "<p>Already</p><p>blocks</p>"),
        ("<ul><li>a</li></ul>", "<ul><li>a</li></ul>"),
        ("Hi <script>alert(1)</script>", "<p>Hi </p>"),
        ("", ""),
        (None, ""),
    ],
)
def test_text_to_html_makes_paragraphs_and_cleans(typed, html):
    assert text_to_html(typed) == html


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>First</p><p>Second</p>", "First Second"),
        ("<p>Line<br>break</p>", "Line break"),
        ("<ul><li>a</li><li>b</li></ul>", "a b"),
        ("<h2>Title</h2>Body", "Title Body"),
        ("<p>a &lt; b &amp; c</p>", "a < b & c"),
        ("<p><script>alert(1)</script>kept</p>", "kept"),
        ("<p>  lots \n of   space </p>", "lots of space"),
        ("<p></p><br>", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_html_to_text_keeps_the_visible_words(html, text):
    assert html_to_text(html) == text
