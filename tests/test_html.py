"""Offline, code-free notebook reports and the study index."""

import re

import nbformat
import pytest

from pbanalysis.report.html import external_resources, index_html, notebook_html

CODE_MARKER = "secret_code_marker_4711"
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAE"
    "hQGAhKmMIQAAAABJRU5ErkJggg=="
)  # a 1x1 pixel


def tiny_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 眉山市概况\n\nThe formula $x^2$ stays text."),
        nbformat.v4.new_code_cell(
            f"{CODE_MARKER} = 1\nprint('<script>alert(1)</script>')",
            execution_count=1,
            outputs=[
                nbformat.v4.new_output(
                    "stream", name="stdout", text="<script>alert(1)</script>\n眉山市 2411\n"
                ),
                nbformat.v4.new_output(
                    "execute_result",
                    data={"text/plain": "'<script src=\"https://cdn.example/x.js\"></script>'"},
                    execution_count=1,
                ),
                nbformat.v4.new_output("display_data", data={"image/png": PNG}),
                nbformat.v4.new_output(
                    "error",
                    ename="ValueError",
                    evalue="<script>bad</script>",
                    traceback=["ValueError: <script>bad</script>"],
                ),
            ],
        ),
    ]
    return nb


PARAMETERS = {"region": "眉山市", "top_n": 20, "strict": True}


@pytest.fixture(scope="module")
def rendered() -> tuple[str, nbformat.NotebookNode, str]:
    """(page, the notebook it was made from, that notebook as written before the call)."""
    nb = tiny_notebook()
    before = nbformat.writes(nb)
    page = notebook_html(nb, title="03_region_profile-眉山市", parameters=PARAMETERS)
    return page, nb, before


@pytest.fixture(scope="module")
def page(rendered) -> str:
    return rendered[0]


def test_report_hides_code_and_prompts(page):
    assert CODE_MARKER not in page
    assert "print(" not in page
    assert not re.search(r"In\s*(&nbsp;)?\[\s*1\s*\]", page)
    assert not re.search(r"Out\s*(&nbsp;)?\[\s*1\s*\]", page)


def test_report_keeps_markdown_outputs_and_figures(page):
    assert "眉山市概况" in page
    assert "眉山市 2411" in page
    assert "x^2" in page
    assert f"data:image/png;base64,{PNG}" in page
    assert "ValueError" in page


def test_report_starts_with_the_title_and_parameters(page):
    assert "<title>03_region_profile-眉山市</title>" in page
    assert '<strong translate="no">03_region_profile-眉山市</strong>' in page
    assert page.index("03_region_profile-眉山市</strong>") < page.index("眉山市概况")


def test_parameters_are_shown_as_json_literals(page):
    assert (
        '— parameters: <code>region = "眉山市"</code>, <code>top_n = 20</code>, '
        "<code>strict = true</code>" in page
    )


def test_report_loads_nothing_from_the_network(page):
    assert external_resources(page) == []
    tags = re.findall(r"<(?:script|link)\b[^>]*>", page, flags=re.IGNORECASE)
    assert not [tag for tag in tags if re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", tag)]
    assert "require.js" not in page and "mathjax" not in page.lower()


def test_script_tags_in_outputs_are_escaped(page):
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>bad</script>" not in page
    assert '<script src="https://cdn.example/x.js">' not in page
    assert not re.search(r"<script\b", page, flags=re.IGNORECASE)


def test_the_input_notebook_is_not_changed(rendered):
    _, nb, before = rendered
    assert nbformat.writes(nb) == before
    assert len(nb.cells) == 2


def test_a_plain_dict_notebook_is_accepted():
    as_dict = dict(nbformat.from_dict(tiny_notebook()))
    page = notebook_html(as_dict, title="dict")
    assert "眉山市 2411" in page and CODE_MARKER not in page
    assert '<strong translate="no">dict</strong>' in page
    assert "parameters:" not in page


def test_title_and_parameters_are_escaped():
    page = notebook_html(
        tiny_notebook(),
        title='<script src="https://cdn.example/x.js"></script>',
        parameters={"label": "a`<b>bold</b>`"},
    )
    assert external_resources(page) == []
    assert not re.search(r"<script\b", page, flags=re.IGNORECASE)
    assert "<b>bold</b>" not in page


# --- index -----------------------------------------------------------------------------------


def run(name, status="ok", **extra):
    slug = extra.pop("slug", name)
    return {
        "name": name,
        "notebook": "03_region_profile.ipynb",
        "parameters": {"region": name},
        "status": status,
        "error": "",
        "folder": slug,
        "report": f"{slug}/03_region_profile.html",
        "executed_notebook": f"{slug}/03_region_profile.ipynb",
        "files": [],
        **extra,
    }


def summary(*runs, title="地区画像"):
    counts = {}
    for entry in runs:
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    return {"study": "regions", "title": title, "counts": counts, "runs": list(runs)}


def test_index_lists_every_run_with_its_status_and_links():
    page = index_html(
        summary(
            run("眉山市", slug="u1234abcd", files=["table.csv", "table.xlsx", "figure.png"]),
            run("加格达奇区", "failed", error="ValueError: no such region", report=""),
        )
    )
    rows = re.findall(r"<tr><td class=\"(\w+)\">(\w+)</td>(.*?)</tr>", page)
    assert [(cls, status) for cls, status, _ in rows] == [("ok", "ok"), ("failed", "failed")]
    first, second = rows[0][2], rows[1][2]
    assert '<a href="u1234abcd/03_region_profile.html">眉山市</a>' in first
    assert '<a href="u1234abcd/03_region_profile.ipynb">03_region_profile.ipynb</a>' in first
    assert "<code>region = &quot;眉山市&quot;</code>" in first
    assert (
        'table (<a href="u1234abcd/table.csv">csv</a> · <a href="u1234abcd/table.xlsx">xlsx</a>)'
        in first
    )
    assert 'figure (<a href="u1234abcd/figure.png">png</a>)' in first
    # a run without a report shows its name without a link
    assert "<td>加格达奇区</td>" in second
    assert '<td class="error">ValueError: no such region</td>' in second
    assert "1 failed, 1 ok" in page
    assert "<title>地区画像</title>" in page and "<h1>地区画像</h1>" in page
    assert external_resources(page) == []


def test_index_escapes_names_errors_parameters_and_files():
    hostile = '<script>alert("x")</script>'
    page = index_html(
        summary(
            run(
                hostile,
                "failed",
                error="ValueError: <b>bad</b> & worse",
                slug='a"b',
                files=["<img src=x>.csv"],
                parameters={"<k>": "<v>"},
            ),
            title="<i>Study</i> & co",
        )
    )
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "ValueError: &lt;b&gt;bad&lt;/b&gt; &amp; worse" in page
    assert 'href="a&quot;b/03_region_profile.html"' in page
    assert "<img" not in page and "&lt;img src=x&gt;" in page
    assert "<code>&lt;k&gt; = &quot;&lt;v&gt;&quot;</code>" in page
    assert "<title>&lt;i&gt;Study&lt;/i&gt; &amp; co</title>" in page
    assert "<i>" not in page


def test_index_is_deterministic_and_holds_no_times():
    data = summary(run("a"), run("b", "failed", error="RuntimeError: x"))
    page = index_html(data)
    assert index_html(data) == page
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d+\.\d+\s*s\b", page)


def test_index_of_a_study_without_runs():
    page = index_html({"study": "empty", "title": "Empty", "counts": {}, "runs": []})
    assert "<code>empty</code>" in page
    assert "<tr><td" not in page


def test_reports_embed_a_subset_of_the_cjk_font_with_only_their_characters():
    from pbanalysis.report.fonts import page_characters, subset_woff2

    page = notebook_html(tiny_notebook(), title="眉山市 党建")
    assert "font/woff2;base64," in page
    chars = page_characters(page)
    assert "眉" in chars and "党" in chars
    font = subset_woff2(chars)
    assert font[:4] == b"wOF2" and len(page.encode()) < 1_000_000
    assert subset_woff2.__wrapped__(chars) == font  # same characters, same bytes


def test_report_tables_align_numbers_and_show_missing_values_as_dashes():
    from pbanalysis.report.html import readable_tables

    page = readable_tables(
        "<head></head><table><tr><td>NaN</td><td>99.07%</td><td>全面推行</td></tr></table>"
    )
    assert "NaN" not in page
    assert '<td class="num">99.07%</td>' in page
    assert "text-align:right" in page and "word-break:keep-all" in page
