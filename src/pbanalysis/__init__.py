"""pbanalysis: party building (党建) and the business environment (营商环境) in local reports.

The library does every calculation; the notebooks in ``notebooks/`` turn it into studies.
Modules: ``reading``, ``layout`` and ``corpus`` (files -> articles, sections, measures,
sentences), ``numbers`` and ``indicators`` (numbers with units, qualifiers and subjects),
``coding`` and ``reliability`` (framework coding and its validation), ``compare`` (regions side
by side), ``terms`` (distinctive vocabulary, slogans, mechanisms), ``plotting``, ``export``,
``study`` and ``report_html`` (batch runs) and ``cli``. Importing the package is cheap: it
imports none of them.
"""

__version__ = "0.1.0"
