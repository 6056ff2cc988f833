"""Stage 7, batch studies: what a study is (:mod:`.model`), its configuration, planning and
validation (:mod:`.config`), and its execution in worker processes with atomic output
(:mod:`.runner`).

The public names of the model and the configuration are re-exported here
(``pbanalysis.study.run_study``, ``pbanalysis.study.Run``).
"""

from pbanalysis.study import config as _config
from pbanalysis.study import model as _model
from pbanalysis.study.config import *  # noqa: F403
from pbanalysis.study.model import *  # noqa: F403

__all__ = [*_model.__all__, *_config.__all__]
