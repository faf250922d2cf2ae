"""The store refuses a short passphrase with the core rule's reason (as the window shows it)."""

from __future__ import annotations

import pytest

from sar_desk.core.input_rules import passphrase_reason
from sar_desk.errors import InputError
from sar_desk.store.keys import new_key, wrap_with_passphrase
from sar_desk.store.users import passphrase_wrap


def test_the_store_refuses_a_short_passphrase_with_the_rule_s_reason():
    for wrap in (lambda p: wrap_with_passphrase(new_key(), p, "ws-id"),
                 lambda p: passphrase_wrap(new_key(), p, "ws-id", "alice")):
        with pytest.raises(InputError) as caught:
            wrap("short")
        assert str(caught.value) == passphrase_reason("short")
