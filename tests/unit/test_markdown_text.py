"""Data text shown through Markdown stays literal text."""

import pandas as pd

from components.text import escape_markdown, markdown_table


def test_markdown_syntax_in_data_is_escaped():
    for hostile in ["**粗体**", "[点我](javascript:alert(1))", "<script>alert(1)</script>", "$x^2$", "# 标题",
                    "a | b", ":smile:", "`code`", "<img src=x onerror=alert(1)>"]:
        escaped = escape_markdown(hostile)
        # every syntax character, the first one included, has its backslash before it
        assert all(i > 0 and escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch in "*[]()<>$#|:`"), escaped


def test_table_cells_are_single_lines_and_escaped():
    table = markdown_table(pd.DataFrame({"指标": ["甲|乙", "第一行\n第二行"], "数值": ["410余条", None]}))
    lines = table.splitlines()
    assert len(lines) == 4
    assert lines[2] == "| 甲\\|乙 | 410余条 |"
    assert lines[3] == "| 第一行 第二行 |  |"
