"""The corpus page of a study: every article's text, one anchor per sentence.

Reports link each row that names a sentence (``doc_id`` and ``sentence_id``: indicators, coded
sentences, quotes) to its sentence here, so a reader can check any number against the text it
came from without leaving the offline report folder. One page per language
(:func:`corpus_page_name`) sits in the study folder; each sentence has the ``id`` given by
:func:`sentence_anchor`, shows its section, measure and character offsets (``start``–``end`` into
the cleaned text, as in every table), and is highlighted when the link targets it (CSS
``:target``).
"""

from __future__ import annotations

import html
from urllib.parse import quote

import pandas as pd

from pbanalysis.params import check_lang
from pbanalysis.report.fonts import embed_font
from pbanalysis.report.words import header, phrase, translate

__all__ = [
    "sentence_anchor",
    "document_anchor",
    "corpus_page_name",
    "corpus_html",
    "sentence_keys",
]


def sentence_anchor(doc_id: object, sentence_id: int | str) -> str:
    """The ``id`` of a sentence on the corpus page (the document id percent-encoded, so any id
    is a valid fragment written the same in the ``href`` and the ``id``).

    Examples
    --------
    >>> sentence_anchor("meishan", 12), sentence_anchor("a b", "3")
    ('s-meishan-12', 's-a%20b-3')
    """
    return f"s-{quote(str(doc_id), safe='')}-{int(str(sentence_id))}"


def document_anchor(doc_id: object) -> str:
    """The ``id`` of an article on the corpus page.

    Examples
    --------
    >>> document_anchor("meishan")
    'doc-meishan'
    """
    return f"doc-{quote(str(doc_id), safe='')}"


def corpus_page_name(lang: str) -> str:
    """The file name of the corpus page in ``lang``.

    Examples
    --------
    >>> corpus_page_name("zh"), corpus_page_name("en")
    ('corpus-zh.html', 'corpus-en.html')
    """
    return f"corpus-{check_lang(lang)}.html"


_CSS = (
    "body{max-width:60em;margin:1em auto;padding:0 1em;line-height:1.6}"
    "ol.sentences{list-style:none;padding-left:0}"
    "ol.sentences li{margin:.15em 0;padding:.1em .4em;border-left:3px solid transparent;"
    "scroll-margin-top:30vh}"
    "ol.sentences li.paragraph{margin-top:.8em}"
    "ol.sentences li:target{background:#fff3b0;border-left-color:#d08c00}"
    ".meta{color:#666;font-size:85%;white-space:nowrap}"
    ".text{word-break:keep-all;overflow-wrap:anywhere}"
)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def corpus_html(corpus, lang: str = "zh") -> str:
    """The corpus page: each article's title, region and sections, one list item per sentence
    with ``id`` :func:`sentence_anchor`, its text (HTML-escaped) and a line giving its section,
    measure, sentence id and offsets; the CJK font subset is embedded.

    ``corpus`` is a :class:`pbanalysis.corpus.Corpus` (``documents``, ``sections``,
    ``sentences``).

    Returns
    -------
    str
        The HTML page (inline CSS only, no script).

    Examples
    --------
    >>> from pbanalysis.corpus import load_corpus
    >>> page = corpus_html(load_corpus(), "en")
    >>> 'id="s-meishan-1"' in page and ":target" in page
    True
    """
    lang = check_lang(lang)
    title = phrase("corpus.title", lang)
    parts = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
    ]
    sentences = corpus.sentences
    for doc in corpus.documents.itertuples(index=False):
        rows = sentences[sentences["doc_id"] == doc.doc_id]
        parts.append(f'<section id="{_e(document_anchor(doc.doc_id))}">')
        parts.append(f'<h2 lang="zh">{_e(doc.title or doc.doc_id)}</h2>')
        region = translate(doc.region, lang) if doc.region else "—"
        parts.append(
            f'<p class="meta">{_e(header("doc_id", lang))} <code>{_e(doc.doc_id)}</code> · '
            f"{_e(header('region', lang))} {_e(region)}</p>"
        )
        for (section_id, section), group in rows.groupby(
            ["section_id", "section"], sort=False, dropna=False
        ):
            heading = section if section else phrase("corpus.lead", lang)
            parts.append(f'<h3 lang="{"zh" if section else lang}">{_e(heading)}</h3>')
            parts.append('<ol class="sentences">')
            last_paragraph = None
            for row in group.itertuples(index=False):
                css = ' class="paragraph"' if row.paragraph_id != last_paragraph else ""
                last_paragraph = row.paragraph_id
                parts.append(
                    f'<li id="{_e(sentence_anchor(row.doc_id, row.sentence_id))}"{css}>'
                    f'<span class="text" lang="zh">{_e(row.text)}</span> '
                    f'<span class="meta">{_meta(row, section_id, lang)}</span></li>'
                )
            parts.append("</ol>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return embed_font("\n".join(parts))


_MEASURE = "\x00"


def _meta(row, section_id: object, lang: str) -> str:
    """The line under a sentence, escaped; the measure is article text, marked as Chinese."""
    line = phrase(
        "corpus.sentence_meta",
        lang,
        sentence_id=row.sentence_id,
        section_id=section_id,
        measure=_MEASURE,
        start=row.start,
        end=row.end,
    )
    measure = f'<span lang="zh">{_e(row.measure)}</span>' if row.measure else "—"
    return _e(line).replace(_MEASURE, measure)


def sentence_keys(sentences: pd.DataFrame) -> frozenset[tuple[str, int]]:
    """The ``(doc_id, sentence_id)`` pairs a corpus page of ``sentences`` holds anchors for.

    Examples
    --------
    >>> sorted(sentence_keys(pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [2, 1]})))
    [('d', 1), ('d', 2)]
    """
    return frozenset(
        zip(sentences["doc_id"].astype(str), sentences["sentence_id"].astype(int), strict=True)
    )
