"""MongoEngine documents (one module each) and the query services that read them.

Views never build queries: they call the ``*_service`` modules here.
"""

from data.core import changes  # noqa: E402,F401  connects the content-change signals in every process
