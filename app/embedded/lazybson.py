"""Large arrays kept as their BSON bytes in the embedded store, decoded only when read.

A transcript is ~1,000 small segment documents; as Python dicts they take about five times
their BSON size, so 500 of them would hold ~450 MB in every process. The embedded store keeps
any top-level array bigger than a threshold as a ``LazyArray`` (its encoded bytes) instead.
mongomock hands out copies of stored documents, and copying a ``LazyArray`` decodes it, so
MongoEngine, the services and the templates only ever see ordinary lists. app/embedded/store.py turns a
lazy field back into a real list, for good, before any query filters, sorts, projects into or
updates inside it (mongomock would otherwise see bytes where it expects an array).
"""
from __future__ import annotations

import struct

import bson

_INT32 = struct.Struct("<i")
ARRAY = 0x04
# Value sizes of the fixed-width BSON types.
_FIXED = {0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16,
          0x7F: 0, 0xFF: 0}


class LazyArray:
    """One top-level array element (type byte, name, encoded array), decoded on copy.

    ``element`` is usually a memoryview into the .bson file's bytes as read at start-up, so
    loading copies nothing; the file's buffer lives as long as any of its arrays do.
    """

    __slots__ = ("element",)

    def __init__(self, element: bytes | memoryview):
        self.element = element

    def materialize(self) -> list:
        wrapped = _INT32.pack(len(self.element) + 5) + self.element + b"\x00"
        return next(iter(bson.decode(wrapped).values()))

    def __copy__(self):
        return self.materialize()

    def __deepcopy__(self, memo):
        return self.materialize()

    def __eq__(self, other):
        if isinstance(other, LazyArray):
            return bytes(self.element) == bytes(other.element)
        return self.materialize() == other

    __hash__ = None

    def __repr__(self):
        return f"<LazyArray of {len(self.element)} BSON bytes>"


def _value_end(data: bytes, pos: int, kind: int) -> int:
    """Where the value of a BSON element of type ``kind`` starting at ``pos`` ends."""
    if kind in _FIXED:
        return pos + _FIXED[kind]
    if kind in (0x02, 0x0D, 0x0E):  # string, code, symbol: int32 length, bytes, NUL
        return pos + 4 + _INT32.unpack_from(data, pos)[0]
    if kind in (0x03, 0x04, 0x0F):  # document, array, code with scope: int32 total length
        return pos + _INT32.unpack_from(data, pos)[0]
    if kind == 0x05:  # binary: int32 length, subtype byte, bytes
        return pos + 5 + _INT32.unpack_from(data, pos)[0]
    if kind == 0x0B:  # regex: two C strings
        return data.index(b"\x00", data.index(b"\x00", pos) + 1) + 1
    if kind == 0x0C:  # DBPointer: string, ObjectId
        return pos + 4 + _INT32.unpack_from(data, pos)[0] + 12
    raise ValueError(f"unknown BSON element type 0x{kind:02x}")


def document_spans(data: bytes):
    """(start, end) of each document in a concatenation of BSON documents; checks the framing."""
    pos, total = 0, len(data)
    while pos < total:
        if total - pos < 5:
            raise ValueError(f"{total - pos} stray bytes at the end")
        size = _INT32.unpack_from(data, pos)[0]
        if size < 5 or pos + size > total or data[pos + size - 1] != 0:
            raise ValueError(f"a document at byte {pos} claims {size} bytes; the file ends or disagrees")
        yield pos, pos + size
        pos += size


def decode(data: bytes, start: int, end: int, threshold: int) -> dict:
    """One document; top-level arrays of ``threshold`` bytes or more stay as LazyArray."""
    pos, last = start + 4, end - 1
    kept, lazy, order = [], {}, []
    view = memoryview(data)
    while pos < last:
        kind = data[pos]
        name_end = data.index(b"\x00", pos + 1, last)
        value_end = _value_end(data, name_end + 1, kind)
        if value_end > last:
            raise ValueError(f"an element at byte {pos} runs past the end of its document")
        name = data[pos + 1:name_end].decode("utf-8")
        if kind == ARRAY and value_end - name_end - 1 >= threshold:
            lazy[name] = LazyArray(view[pos:value_end])
        else:
            kept.append(data[pos:value_end])
        order.append(name)
        pos = value_end
    if not lazy:
        return bson.decode(data[start:end])
    body = b"".join(kept)
    small = bson.decode(_INT32.pack(len(body) + 5) + body + b"\x00")
    return {name: lazy[name] if name in lazy else small[name] for name in order}


def decode_all(data: bytes, threshold: int) -> list[dict]:
    """Every document of a .bson file. Raises ValueError (or bson's errors) on a damaged file."""
    spans = list(document_spans(data))
    if all(end - start < threshold for start, end in spans):
        return bson.decode_all(data)  # no document is big enough to hold a lazy array
    return [decode(data, start, end, threshold) for start, end in spans]


def encode(document: dict) -> bytes:
    """BSON for a stored document; lazy arrays are written back as the bytes they came from."""
    lazy = [value.element for value in document.values() if isinstance(value, LazyArray)]
    if not lazy:
        return bson.encode(document)
    small = bson.encode({k: v for k, v in document.items() if not isinstance(v, LazyArray)})
    body = small[4:-1] + b"".join(lazy)
    return _INT32.pack(len(body) + 5) + body + b"\x00"


def plain(value):
    """The value itself, or the list a LazyArray stands for."""
    return value.materialize() if isinstance(value, LazyArray) else value


def materialize(document: dict, field: str) -> None:
    if field in document:
        document[field] = plain(document[field])


def referenced_fields(filter_or_update=None, sort=None, projection=None) -> set[str]:
    """Lazy-array fields a query must see as real arrays: every top-level field a filter,
    update or sort names, and fields a projection reaches inside of ("segments.text"; a
    projection of the whole field is fine: the copy decodes it)."""
    names: set[str] = set()

    def walk(spec):
        if isinstance(spec, dict):
            for key, value in spec.items():
                if key.startswith("$"):
                    walk(value)  # $and/$or/$nor lists, update operators' {field: value}
                else:
                    names.add(key.split(".", 1)[0])
        elif isinstance(spec, (list, tuple)):
            for item in spec:
                walk(item)

    walk(filter_or_update)
    for item in sort or ():
        key = item[0] if isinstance(item, (list, tuple)) else item
        names.add(str(key).split(".", 1)[0])
    for key in (projection or ()):
        if "." in key:
            names.add(key.split(".", 1)[0])
    return names
