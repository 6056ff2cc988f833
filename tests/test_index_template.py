"""The study's index.html is rendered from the packaged Jinja2 template with autoescaping."""

from __future__ import annotations

import re
from importlib import resources

from pbanalysis.report.html import external_resources, index_html

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def template_text() -> str:
    return (resources.files("pbanalysis.report") / "templates" / "index.html.j2").read_text(
        encoding="utf-8"
    )


def run(name, status="ok", **extra):
    return {
        "name": name,
        "notebook": "03_region_profile.ipynb",
        "parameters": {"region": name},
        "status": status,
        "error": "",
        "folder": extra.pop("folder", name),
        "report": f"{name}/03_region_profile.html",
        "executed_notebook": f"{name}/03_region_profile.ipynb",
        "files": [],
        **extra,
    }


def summary(*runs):
    counts = {}
    for entry in runs:
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    return {"study": "regions", "title": "地区画像", "counts": counts, "runs": list(runs)}


def rows(page: str) -> list[str]:
    return re.findall(r"<tr><td class=.*?</tr>", page)


def test_template_is_shipped_in_the_package():
    text = template_text()
    assert "<!DOCTYPE html>" in text
    assert "{{ run['name'] }}" in text


def test_index_is_the_rendered_template():
    page = index_html(summary(run("眉山市")))
    style = re.search(r"<style>.*?</style>", template_text(), re.DOTALL)
    assert style is not None
    assert style.group(0) in page
    assert page.startswith("<!DOCTYPE html>\n") and page.endswith("</html>\n")


def test_run_names_statuses_and_errors_are_escaped():
    page = index_html(
        summary(
            run(SCRIPT, folder="u1"),
            run("加格达奇区", SCRIPT, error=f'ValueError: {SCRIPT} & "q"'),
        )
    )
    assert "<script" not in page
    first, second = rows(page)
    assert f">{ESCAPED_SCRIPT}</a></td>" in first
    assert f'<td class="{ESCAPED_SCRIPT}">{ESCAPED_SCRIPT}</td>' in second
    assert f'<td class="error">ValueError: {ESCAPED_SCRIPT} &amp; &quot;q&quot;</td>' in second
    assert external_resources(page) == []


def test_every_run_links_to_its_report():
    page = index_html(
        summary(
            run("眉山市"),
            run("a&b", "failed", error="RuntimeError: x"),
            run("no_report", "failed", error="worker stopped", report="", executed_notebook=""),
        )
    )
    first, second, third = rows(page)
    link = '<a href="眉山市/03_region_profile.html">眉山市</a>'
    assert f'<td class="ok">ok</td><td>{link}</td>' in first
    assert '<a href="a&amp;b/03_region_profile.html">a&amp;b</a>' in second
    assert '<td class="failed">failed</td><td>no_report</td>' in third
    assert '<td class="error">RuntimeError: x</td>' in second
    assert "2 failed, 1 ok" in page


def test_parameters_and_files_are_escaped_and_linked():
    page = index_html(
        summary(run("r", parameters={"<k>": "<v>"}, files=["<t>.csv", "<t>.xlsx"], folder="d&"))
    )
    (row,) = rows(page)
    assert "<code>&lt;k&gt; = &quot;&lt;v&gt;&quot;</code>" in row
    assert (
        '&lt;t&gt; (<a href="d&amp;/&lt;t&gt;.csv">csv</a> · '
        '<a href="d&amp;/&lt;t&gt;.xlsx">xlsx</a>)' in row
    )
