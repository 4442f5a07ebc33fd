"""Light rows for list pages: raw dicts from ``as_pymongo()`` with attribute access."""


class Row(dict):
    """A raw document; ``row.title`` reads ``row['title']`` (None when absent)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            return None

    @property
    def id(self):
        return self.get("_id")


def rows(queryset) -> list[Row]:
    return [Row(doc) for doc in queryset.as_pymongo()]
