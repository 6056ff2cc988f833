"""pbanalysis: party building (党建) and the business environment (营商环境) in local reports.

The library does every calculation; the notebooks in ``notebooks/`` turn it into studies.
Modules: ``reading``, ``layout`` and ``corpus`` (files -> articles, sections, measures,
sentences), ``numbers``, ``indicators`` and ``checks`` (numbers with units, qualifiers and
subjects; stated rates recomputed, derived ratios), ``coding`` and ``reliability`` (framework
coding and its validation), ``compare`` and ``profile`` (regions side by side; one region),
``terms`` and ``expressions`` (distinctive vocabulary; slogans, compounds, mechanisms),
``params`` (checks of notebook parameters), ``plotting``, ``export``, ``study``, ``runner`` and
``report_html`` (batch runs) and ``cli``. Importing the package is cheap: it imports none of them.
"""

__version__ = "0.1.0"
