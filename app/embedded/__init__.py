"""The embedded database: MongoDB's API in this process, kept on disk in mongodump's layout.

What it is: MongoEngine over ``mongomock.MongoClient`` (MongoEngine's ``mongo_client_class`` hook),
so every query onair makes runs unchanged here and on a real server. ``mockspeed`` gives mongomock
fast paths for the filters, sorts and projections onair uses; ``lazybson`` keeps big arrays
(transcripts) as raw BSON until something reads them.
How it persists (``store``): ``<dir>/<db>/<collection>.bson`` plus ``.metadata.json``, exactly what
mongodump writes, so ``mongorestore`` moves it into a server. Writes are tracked per collection and
flushed once per request or command: temp file, fsync, rename, fsync of the folder.
What it promises: an acknowledged write is on disk; a crash leaves the old file or the new one, never
half; one process per folder (a lock file); a corrupt file stops start-up and names itself.
What it does not: share one folder between processes, ``$text`` or ``$where`` (search is SQLite FTS5).
"""
