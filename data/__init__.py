"""MongoEngine documents (one module each) and the query services that read them.

Views never build queries: they call the ``*_service`` modules here.
"""

# Every content write, by whichever code and process, bumps the content version caches check.
from data import content_version  # noqa: E402

content_version.connect_signals()
