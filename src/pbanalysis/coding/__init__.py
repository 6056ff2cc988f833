"""Stage 3, framework coding: the codebooks (:mod:`.codebook`), the dictionary coder
(:mod:`.coder`) and agreement with hand coding (:mod:`.reliability`).

The codebook's and the coder's public names are re-exported here
(``pbanalysis.coding.code_sentences``, ``pbanalysis.coding.frameworks()``).
"""

from typing import Any

from pbanalysis.coding import codebook as _codebook
from pbanalysis.coding import coder as _coder
from pbanalysis.coding.codebook import *  # noqa: F403
from pbanalysis.coding.coder import *  # noqa: F403

__all__ = list(dict.fromkeys([*_codebook.__all__, *_coder.__all__]))


def __getattr__(name: str) -> Any:
    # ``FRAMEWORKS`` of release 0.1, now read from the codebook files
    return getattr(_codebook, name)
