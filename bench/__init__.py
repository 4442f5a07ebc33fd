"""The benchmark harness (``make bench``): a large catalog, timed in-process and over HTTP.

Not part of the test run. ``python -m bench.run --help`` lists the knobs.
"""
