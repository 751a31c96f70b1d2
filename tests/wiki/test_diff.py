"""The wiki's differences between versions: the visible text of each block, and the rows shown."""

import pytest

from intranet.wiki.diff import CONTEXT, Row, compare, summary, visible_lines


def _kinds(rows):
    return [row.kind for row in rows]


class VisibleLinesTests:
    def test_it_starts_with_the_title(self):
        assert visible_lines("Office cleaning", []) == ["Office cleaning"]

    def test_it_shows_a_heading_as_its_text(self):
        blocks = [{"type": "heading", "value": {"text": "Prices", "level": "3"}}]

        assert visible_lines("T", blocks) == ["T", "Prices"]

    def test_it_gives_each_paragraph_and_list_item_a_line(self):
        html = (
            "<p>Intro with <strong>bold</strong> text</p>"
            "<ul><li>first</li><li>second</li></ul>"
            "<ol><li>one</li></ol><p>After &amp; done</p>"
        )
        blocks = [{"type": "text", "value": html}]

        assert visible_lines("T", blocks) == [
            "T",
            "Intro with bold text",
            "• first",
            "• second",
            "• one",
            "After & done",
        ]

    def test_it_splits_a_paragraph_at_its_line_breaks(self):
        blocks = [{"type": "text", "value": "<p>Line one<br/>line   two</p>"}]

        assert visible_lines("T", blocks) == ["T", "Line one", "line two"]

    def test_it_joins_the_cells_of_each_table_row(self):
        table = {
            "caption": "Prices",
            "header": ["Service", "Price"],
            "rows": [["Windows", "100"], ["Floors", ""]],
        }

        assert visible_lines("T", [{"type": "table", "value": table}]) == [
            "T",
            "Prices",
            "Service | Price",
            "Windows | 100",
            "Floors | ",
        ]

    def test_it_reads_tables_in_wagtails_list_block_format_too(self):
        table = {
            "caption": "",
            "header": [{"type": "item", "value": "A", "id": "h1"}],
            "rows": [
                {"type": "item", "id": "r1", "value": [{"type": "item", "value": "1", "id": "c"}]}
            ],
        }

        assert visible_lines("T", [{"type": "table", "value": table}]) == ["T", "A", "1"]

    def test_it_gives_each_non_blank_code_line_a_line(self):
        code = {"language": "python", "code": "def f():\n\n    return 1\n"}

        assert visible_lines("T", [{"type": "code", "value": code}]) == [
            "T",
            "def f():",
            "    return 1",
        ]

    @pytest.mark.parametrize(
        ("kind", "label"), [("note", "Note"), ("tip", "Tip"), ("warning", "Warning")]
    )
    def test_it_labels_a_callout_with_its_kind(self, kind, label):
        callout = {"kind": kind, "text": "<p>Mind the step</p><p>Second</p>"}

        assert visible_lines("T", [{"type": "callout", "value": callout}]) == [
            "T",
            f"{label}: Mind the step",
            "Second",
        ]

    def test_it_shows_an_empty_callout_as_its_label(self):
        callout = {"kind": "warning", "text": ""}

        assert visible_lines("T", [{"type": "callout", "value": callout}]) == ["T", "Warning"]

    def test_it_shows_images_and_documents_as_placeholders(self):
        blocks = [
            {"type": "image", "value": {"image": 12, "caption": "The team"}},
            {"type": "document", "value": {"document": 34, "label": "Price list"}},
            {"type": "image", "value": {"image": 13, "caption": ""}},
        ]

        assert visible_lines("T", blocks) == [
            "T",
            "[Image: The team]",
            "[Document: Price list]",
            "[Image: ]",
        ]


class CompareTests:
    def test_it_finds_no_rows_between_identical_versions(self):
        lines = ["T", "a", "b"]

        assert compare(lines, list(lines)) == []
        assert compare([], []) == []

    def test_it_marks_an_added_line(self):
        rows = compare(["T", "a"], ["T", "a", "b"])

        assert rows == [Row("same", "T"), Row("same", "a"), Row("added", "b")]

    def test_it_marks_a_removed_line(self):
        rows = compare(["T", "a", "b"], ["T", "b"])

        assert rows == [Row("same", "T"), Row("removed", "a"), Row("same", "b")]

    def test_it_marks_a_changed_line_word_by_word(self):
        rows = compare(["T", "We clean on Mondays"], ["T", "We clean on Fridays too"])

        assert _kinds(rows) == ["same", "changed"]
        assert rows[1].html == "We clean on <del>Mondays</del><ins>Fridays too</ins>"

    def test_it_shows_a_replaced_block_of_different_length_as_removed_then_added(self):
        rows = compare(["T", "old one", "old two"], ["T", "new"])

        assert rows == [
            Row("same", "T"),
            Row("removed", "old one"),
            Row("removed", "old two"),
            Row("added", "new"),
        ]

    def test_it_escapes_html_in_every_kind_of_row(self):
        old = ["<b>same</b>", "<script>alert(1)</script>", "<i>gone</i>"]
        new = ["<b>same</b>", "<script>alert(2)</script>", "<img src=x onerror=alert(3)>"]

        rows = compare(old, new)

        assert _kinds(rows) == ["same", "changed", "changed"]
        for row in rows:
            assert "<script" not in row.html
            assert "<b>" not in row.html
            assert "<img" not in row.html
        assert rows[0].html == "&lt;b&gt;same&lt;/b&gt;"
        assert "&lt;script&gt;" in rows[1].html
        assert "<del>" in rows[1].html and "<ins>" in rows[1].html

    def test_it_escapes_added_and_removed_lines(self):
        rows = compare(["x", "<script>"], ["x", "<p>a</p>", "<p>b</p>"])

        assert rows == [
            Row("same", "x"),
            Row("removed", "&lt;script&gt;"),
            Row("added", "&lt;p&gt;a&lt;/p&gt;"),
            Row("added", "&lt;p&gt;b&lt;/p&gt;"),
        ]

    def test_it_folds_long_unchanged_runs_keeping_context_around_the_change(self):
        old = [f"line {n}" for n in range(20)]
        new = list(old)
        new[10] = "line ten"

        rows = compare(old, new)

        assert rows == [
            Row("skipped", count=10 - CONTEXT),
            Row("same", "line 8"),
            Row("same", "line 9"),
            Row("changed", "line <del>10</del><ins>ten</ins>"),
            Row("same", "line 11"),
            Row("same", "line 12"),
            Row("skipped", count=9 - CONTEXT),
        ]

    def test_it_folds_the_middle_of_a_long_run_between_two_changes(self):
        old = [f"line {n}" for n in range(12)]
        new = ["first", *old[1:11], "last"]

        rows = compare(old, new)

        assert _kinds(rows) == [
            "changed",
            "same",
            "same",
            "skipped",
            "same",
            "same",
            "changed",
        ]
        assert rows[3].count == 10 - 2 * CONTEXT
        assert [row.html for row in rows[1:3]] == ["line 1", "line 2"]
        assert [row.html for row in rows[4:6]] == ["line 9", "line 10"]

    def test_it_keeps_a_short_unchanged_run_whole(self):
        old = ["a", "b", "c", "d", "e", "f", "g"]
        new = ["A", "b", "c", "d", "e", "f", "G"]

        rows = compare(old, new)

        assert _kinds(rows) == ["changed", "same", "same", "same", "same", "same", "changed"]
        assert not any(row.kind == "skipped" for row in rows)

    def test_it_compares_the_visible_lines_of_two_versions(self):
        before = [{"type": "text", "value": "<ul><li>Windows</li><li>Floors</li></ul>"}]
        after = [{"type": "text", "value": "<ul><li>Windows</li><li>Doors</li></ul>"}]

        rows = compare(visible_lines("T", before), visible_lines("T", after))

        assert rows == [
            Row("same", "T"),
            Row("same", "• Windows"),
            Row("changed", "• <del>Floors</del><ins>Doors</ins>"),
        ]


class SummaryTests:
    def test_it_counts_nothing_for_no_rows(self):
        assert summary([]) == (0, 0)

    def test_it_counts_added_and_removed_lines_and_a_changed_line_as_both(self):
        rows = [
            Row("same", "a"),
            Row("added", "b"),
            Row("added", "c"),
            Row("removed", "d"),
            Row("changed", "e"),
            Row("skipped", count=7),
        ]

        assert summary(rows) == (3, 2)

    def test_it_counts_a_real_comparison(self):
        rows = compare(["T", "a", "b", "c"], ["T", "a2", "c", "d", "e"])

        assert summary(rows) == (3, 2)
