"""Write small Outlook ``.msg`` files for tests (no library writes them).

A ``.msg`` is a Compound File Binary (CFB, [MS-CFB]) holding MAPI properties
([MS-OXMSG]). This writer makes a version-3 CFB with a flat set of streams: enough for
``extract-msg`` to read the sender, subject, body and submit time. Test-only code.
"""

from __future__ import annotations

import datetime as dt
import struct

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _filetime(when: dt.datetime) -> int:
    epoch = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    return int((when - epoch).total_seconds() * 10_000_000)


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A CFB file whose root storage holds ``streams`` (names → bytes)."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    small = [n for n in names if len(streams[n]) < CUTOFF]
    big = [n for n in names if len(streams[n]) >= CUTOFF]

    # mini stream and its FAT
    ministream, minifat, mini_start = b"", [], {}
    for n in small:
        data = streams[n]
        count = max(1, -(-len(data) // MINI)) if data else 0
        if not count:
            mini_start[n] = END
            continue
        mini_start[n] = len(minifat)
        minifat += [len(minifat) + i + 1 for i in range(count - 1)] + [END]
        ministream += data + b"\0" * (count * MINI - len(data))

    def nsec(length: int) -> int:
        return -(-length // SECTOR)

    entries = 1 + len(names)
    dir_n = nsec(entries * 128)
    minifat_n = nsec(len(minifat) * 4)
    ms_n = nsec(len(ministream))
    big_n = [nsec(len(streams[n])) for n in big]
    body = dir_n + minifat_n + ms_n + sum(big_n)
    fat_n = 1
    while fat_n * SECTOR // 4 < fat_n + body:
        fat_n += 1

    fat: list[int] = [FATSECT] * fat_n
    starts: dict[str, int] = {}

    def chain(count: int) -> int:
        if not count:
            return END
        first = len(fat)
        fat.extend(first + i + 1 for i in range(count - 1))
        fat.append(END)
        return first

    dir_start = chain(dir_n)
    minifat_start = chain(minifat_n)
    ms_start = chain(ms_n)
    for n, count in zip(big, big_n, strict=True):
        starts[n] = chain(count)
    fat += [FREE] * (fat_n * SECTOR // 4 - len(fat))

    # directory: root (id 0) then the streams, as a balanced binary tree under the root
    ids = {n: i + 1 for i, n in enumerate(names)}
    left = dict.fromkeys(names, NOSTREAM)
    right = dict.fromkeys(names, NOSTREAM)

    def build(items: list[str]) -> int:
        if not items:
            return NOSTREAM
        mid = len(items) // 2
        left[items[mid]] = build(items[:mid])
        right[items[mid]] = build(items[mid + 1 :])
        return ids[items[mid]]

    root_child = build(names)

    def entry(name, kind, lft, rgt, child, start, size) -> bytes:  # noqa: ANN001
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(raw), kind, 1, lft, rgt, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry(
        "Root Entry",
        5,
        NOSTREAM,
        NOSTREAM,
        root_child,
        ms_start if ministream else END,
        len(ministream),
    )
    for n in names:
        start = mini_start[n] if n in mini_start else starts[n]
        directory += entry(n, 2, left[n], right[n], NOSTREAM, start, len(streams[n]))
    directory = directory.ljust(dir_n * SECTOR, b"\0")

    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII",
            0,
            fat_n,
            dir_start,
            0,
            CUTOFF,
            minifat_start if minifat_n else END,
            minifat_n,
            END,
            0,
        )
    )
    difat = list(range(fat_n)) + [FREE] * (109 - fat_n)
    header += struct.pack("<109I", *difat)
    assert len(header) == SECTOR

    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    mf = struct.pack(f"<{len(minifat)}I", *minifat)
    out += mf + struct.pack("<I", FREE) * ((minifat_n * SECTOR - len(mf)) // 4)
    out += ministream.ljust(ms_n * SECTOR, b"\0")
    for n, count in zip(big, big_n, strict=True):
        out += streams[n].ljust(count * SECTOR, b"\0")
    return bytes(out)


def make_msg(
    *,
    sender_name: str,
    sender_email: str,
    subject: str,
    body: str,
    sent: dt.datetime,
) -> bytes:
    """An Outlook message (IPM.Note) with the given sender, subject, body and send time."""

    def text(tag: str, value: str) -> tuple[str, bytes]:
        return f"__substg1.0_{tag}001F", value.encode("utf-16-le")

    strings = dict(
        [
            text("001A", "IPM.Note"),
            text("0037", subject),
            text("1000", body),
            text("0C1A", sender_name),
            text("0C1F", sender_email),
            text("5D01", sender_email),
            text("0C1E", "SMTP"),
        ]
    )
    props = b"\0" * 8 + struct.pack("<IIII", 0, 0, 0, 0) + b"\0" * 8
    props += struct.pack("<IIQ", 0x0E070003, 6, 1)  # PR_MESSAGE_FLAGS: read, sent
    props += struct.pack("<IIQ", 0x00390040, 6, _filetime(sent))  # PR_CLIENT_SUBMIT_TIME
    props += struct.pack("<IIQ", 0x0E060040, 6, _filetime(sent))  # PR_MESSAGE_DELIVERY_TIME
    for name, value in strings.items():
        tag = int(name[-8:], 16)
        props += struct.pack("<IIII", tag, 6, len(value) + 2, 0)
    streams = {"__properties_version1.0": props, **strings}
    return _cfb(streams)
