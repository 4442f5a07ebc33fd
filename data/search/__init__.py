"""Site search: the SQLite FTS5 index derived from the catalogue, kept current by content signals."""
