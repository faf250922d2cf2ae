"""The rules that find copies of one e-mail and its thread, and that refuse hostile
archive entries and file names."""

from __future__ import annotations

import stat

from sar_desk.core.archive_rules import (
    entry_count_reason,
    entry_kind_reason,
    entry_name_reason,
    entry_size_reason,
    stored_filename,
)
from sar_desk.core.email_keys import body_hash, email_key, normalise_subject, thread_key
from sar_desk.core.limits import Limits


def test_reply_and_forward_prefixes_do_not_change_the_subject():
    assert normalise_subject("RE: Fwd:  AW: Budget  2025") == "budget 2025"
    assert normalise_subject("Re[2]: budget 2025") == "budget 2025"


def test_copies_of_one_message_share_keys_whatever_their_spacing_or_case():
    a = email_key("<ID-1@Example.org>", "2025-03-03T10:15:00+00:00", "Ann <ann@example.org>",
                  "Re: Budget")
    b = email_key("<id-1@example.org>", "2025-03-03T10:15:00+00:00", "ann  <ann@example.org>",
                  "budget")
    assert a == b
    assert email_key("<id-2@example.org>", "2025-03-03T10:15:00+00:00",
                     "Ann <ann@example.org>", "Budget") != a
    assert body_hash("Hello\r\n  there") == body_hash("hello\nthere")
    assert body_hash("Hello there") != body_hash("Hello here")


def test_a_thread_is_named_by_its_first_message_else_by_its_subject():
    root = thread_key("<a@x>", "", "", "Budget")
    assert thread_key("<b@x>", "<a@x>", "<a@x>", "Re: Budget") == root
    assert thread_key("<c@x>", "<b@x>", "<a@x> <b@x>", "Re: Re: Budget") == root
    assert thread_key("", "", "", "RE: Budget") == thread_key("", "", "", "budget")


def test_hostile_entry_names_are_refused_with_the_reason():
    assert "climbs out" in entry_name_reason("a/../../etc/passwd")
    assert "climbs out" in entry_name_reason("..\\windows\\system.ini")
    assert "absolute" in entry_name_reason("/etc/passwd")
    assert "absolute" in entry_name_reason("C:\\evil.txt")
    assert entry_name_reason("inbox/2025/message.eml") is None


def test_links_and_devices_are_refused_and_plain_files_are_not():
    assert "symbolic link" in entry_kind_reason((stat.S_IFLNK | 0o777) << 16)
    assert "not a regular file" in entry_kind_reason((stat.S_IFCHR | 0o600) << 16)
    assert entry_kind_reason((stat.S_IFREG | 0o644) << 16) is None
    assert entry_kind_reason(0o600 << 16) is None  # no type recorded: a file


def test_size_limits_and_the_unpacking_ratio():
    limits = Limits(attachment_mb=10, archive_mb=20, archive_ratio=100)
    mb = 1024 * 1024
    assert entry_size_reason(5 * mb, 4 * mb, 0, limits) is None
    assert "attachment limit of 10 MB" in entry_size_reason(11 * mb, 11 * mb, 0, limits)
    assert "its limit of 20 MB" in entry_size_reason(6 * mb, 6 * mb, 15 * mb, limits)
    assert "zip bomb" in entry_size_reason(5 * mb, 1000, 0, limits)
    assert entry_count_reason(10_001, Limits()) is not None
    assert entry_count_reason(10_000, Limits()) is None


def test_file_names_are_stored_readably():
    assert stored_filename("bad\udcffname\x07.txt") == "bad\ufffdname\ufffd.txt"
    assert stored_filename("two\nlines.txt") == "two lines.txt"
    long = "x" * 300 + ".pdf"
    assert len(stored_filename(long)) == 255 and stored_filename(long).endswith(".pdf")
