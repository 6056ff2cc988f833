"""Stage 2, quantitative indicators: numbers (:mod:`.numbers`), extraction with units,
qualifiers, subjects and periods (:mod:`.extract`), consistency checks and derived ratios
(:mod:`.checks`).

The extraction's public names are re-exported here (``pbanalysis.indicators.extract_indicators``).
"""

from pbanalysis.indicators.extract import *  # noqa: F403
from pbanalysis.indicators.extract import __all__  # noqa: F401
