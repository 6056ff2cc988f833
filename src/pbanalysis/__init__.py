"""pbanalysis: party building (党建) and the business environment (营商环境) in local reports.

The library does every calculation; the notebooks in ``notebooks/`` turn it into studies. The
subpackages follow the pipeline (``docs/architecture.md`` has the map): ``io`` (paths, atomic
export), ``corpus`` (files -> articles, sections, measures, sentences), ``indicators`` (numbers
with units, qualifiers, subjects and periods; checks and derived ratios), ``coding`` (framework
coding and its validation), ``analysis`` (regions compared, profiles, distinctive terms,
expressions), ``report`` (words, figures, HTML), ``study`` (batch runs), with ``params``
(notebook parameters), ``errors`` and ``cli`` beside them. Importing the package is cheap: it
imports none of them.
"""

from pbanalysis import compat as _compat

__all__ = ["__version__"]
__version__ = "0.2.0"

_compat.install()
