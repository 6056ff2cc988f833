"""pbanalysis: party building (党建) and the business environment (营商环境) in local reports.

The library does every calculation; the notebooks in ``notebooks/`` turn it into studies. Modules:
``reading``, ``layout`` and ``corpus`` (files -> articles, sections, measures, sentences), ``indicators`` (numbers with units,
qualifiers and subjects), ``coding`` and ``reliability`` (framework coding and its validation),
``compare`` (regions side by side), ``terms`` (distinctive vocabulary, slogans, mechanisms),
``plotting``, ``export``, ``study`` (batch runs) and ``cli``. Importing the package is cheap:
each module imports heavy libraries only where it uses them.
"""

__version__ = "0.1.0"
