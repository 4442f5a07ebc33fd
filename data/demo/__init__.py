"""Demo content for a first run, and synthetic catalogues of any size for tests and benchmarks."""
