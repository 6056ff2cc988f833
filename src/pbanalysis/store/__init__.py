"""Stage 6, a corpus of any size: the per-document pipeline (:mod:`.pipeline`) and the processed
Parquet store the commands, notebooks and studies read (:mod:`.store`).

``from pbanalysis import store; data = store.load()`` brings the store of ``data/raw/`` up to
date and returns it; ``data.corpus()``, ``data.table("codes", regions=[...])``.
"""

from pbanalysis.store.store import *  # noqa: F403
from pbanalysis.store.store import __all__  # noqa: F401
