"""Input and output: where files live (:mod:`.paths`), how the data files under ``data/`` are
read (:mod:`.datafiles`) and how tables are written (:mod:`.export`)."""
