#!/usr/bin/env python3
"""Draws src/icon.png, the packages' icon (128x128): a white envelope on a rounded teal square. Standard library only."""
import struct
import zlib
from pathlib import Path

SIZE = 128
TEAL, WHITE, SHADE = (0x0E, 0x7C, 0x86), (0xFF, 0xFF, 0xFF), (0xC8, 0xE6, 0xE9)


def inside_rounded_square(x, y, radius=24):
    cx = min(max(x, radius), SIZE - 1 - radius)
    cy = min(max(y, radius), SIZE - 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def pixel(x, y):
    if not inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    left, right, top, bottom = 22, 105, 36, 92
    if left <= x <= right and top <= y <= bottom:
        # The flap: two lines from the top corners to the middle, three pixels thick.
        middle = (left + right) / 2
        flap_y = top + (bottom - top) * 0.55 * (1 - abs(x - middle) / (middle - left))
        if abs(y - flap_y) <= 2.2:
            return TEAL + (255,)
        return (SHADE if y < flap_y else WHITE) + (255,)
    return TEAL + (255,)


rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(SIZE)) for y in range(SIZE))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
Path(__file__).with_name("icon.png").write_bytes(png)
