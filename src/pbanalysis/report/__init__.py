"""Stage 5, presentation: figures (:mod:`.plotting`) and offline HTML reports (:mod:`.html`)."""
