"""Build zip packages (.xlsx) whose parts inflate far beyond their size on disk, quickly.

A part made of one piece repeated N times is deflated once: after a full flush the compressor
forgets its history, so every repetition compresses to the same bytes, which are then repeated.
The package is written by hand (local headers, central directory) with true sizes and CRCs, as
a real zip bomb would be: nothing here relies on the reader trusting the directory.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def deflated(head: bytes, piece: bytes, repeat: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate of head + piece × repeat + tail: (data, CRC-32, uncompressed size)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(piece) + squeeze.flush(zlib.Z_FULL_FLUSH)
    end = squeeze.compress(tail) + squeeze.flush()
    crc = zlib.crc32(head)
    for _ in range(repeat):
        crc = zlib.crc32(piece, crc)
    crc = zlib.crc32(tail, crc)
    return start + block * repeat + end, crc, len(head) + len(piece) * repeat + len(tail)


def package(base: bytes, replace: dict[str, tuple[bytes, bytes, int, bytes]]) -> bytes:
    """``base`` (an .xlsx) with some parts replaced by head + piece × repeat + tail."""
    members: list[tuple[str, bytes, int, int]] = []
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        names = source.namelist()
        for name in names:
            if name in replace:
                members.append((name, *deflated(*replace[name])))
            else:
                raw = source.read(name)
                squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
                members.append(
                    (name, squeeze.compress(raw) + squeeze.flush(), zlib.crc32(raw), len(raw))
                )
    for name in replace.keys() - set(names):
        members.append((name, *deflated(*replace[name])))
    out = io.BytesIO()
    central = []
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        header = (b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out.write(struct.pack("<4s5H3L2H", *header) + encoded + data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    out.write(b"".join(central))
    size = out.tell() - start
    count = len(central)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()
