"""Stage 1, files to articles: decoding (:mod:`.reading`), characters (:mod:`.chars`), layout and
sentences (:mod:`.layout`), and the corpus model (:mod:`.model`).

The model's public names are re-exported here, so ``from pbanalysis.corpus import load_corpus``
works as before.
"""

from pbanalysis.corpus.model import *  # noqa: F403
from pbanalysis.corpus.model import __all__  # noqa: F401
