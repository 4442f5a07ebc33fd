"""MongoEngine documents (one module each) and the query services that read them.

Views never build queries: they call the ``*_service`` modules here.
"""
