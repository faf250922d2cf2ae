"""A real workspace sends no letter until an administrator has confirmed the organisation's
identity, contact and payment details; a demo workspace writes its letters at once."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.documents import LetterNotAllowed
from sar_desk.services import cases as C
from sar_desk.services.letters import generate_letter
from sar_desk.services.profile_confirm import confirm_profile
from tests.cli.helpers import run

pytestmark = pytest.mark.profile_gate


@pytest.fixture
def real_ws(tmp_path, clock):
    from sar_desk.services.workspace import init_workspace

    workspace, _recovery = init_workspace(tmp_path / "real", clock=clock)
    yield workspace
    workspace.close()


def _case(ws) -> str:
    return C.create_case(ws, C.NewCase(requester=Person("Ann Lee", "ann@example.org"),
                                       received=dt.date(2026, 6, 20))).reference


def test_a_real_workspace_waits_for_the_confirmed_profile(real_ws):
    ws = real_ws
    ref = _case(ws)
    with pytest.raises(LetterNotAllowed, match="not confirmed yet") as refused:
        generate_letter(ws, ref, "acknowledgement", "pdf")
    assert refused.value.code == "letter.profile_unconfirmed"
    assert "privacy_contact.name" in str(refused.value) and "fees.bank" in str(refused.value)
    assert "article15" not in str(refused.value)  # only identity, contact and payment
    assert C.get_case(ws, ref).letters == ()
    confirm_profile(ws, ["organisation.company_number", "organisation.registered_in",
                         "privacy_contact"])
    with pytest.raises(LetterNotAllowed, match="fees.payee"):
        generate_letter(ws, ref, "acknowledgement", "pdf")
    confirm_profile(ws, ["fees"])
    info, _data = generate_letter(ws, ref, "acknowledgement", "pdf")
    assert info.kind == "acknowledgement"


def test_a_demo_workspace_writes_letters_at_once(real_ws):
    ws = real_ws
    from sar_desk.services.demo import build_demo

    refs = build_demo(ws, cases=3, seed=2, as_of=dt.date(2026, 6, 30))
    info, _data = generate_letter(ws, refs[0], "acknowledgement", "pdf")
    assert info.kind == "acknowledgement"


def test_the_command_line_refuses_with_the_reason(root, capsys, tmp_path):
    code, _out, err = run(capsys, root, "case", "new", "--requester", "Ann Lee",
                          "--received", "2026-06-20")
    assert code == 0, err
    from sar_desk.services.workspace import open_workspace

    with open_workspace(root) as ws:
        ref = C.list_cases(ws)[0].reference
    out = str(tmp_path / "ack.pdf")
    code, _out, err = run(capsys, root, "letter", ref, "acknowledgement", "--out", out)
    assert code == 2 and "not confirmed yet" in err and "profile confirm" in err
    assert run(capsys, root, "profile", "confirm", "organisation", "privacy_contact", "fees",
               "organisation.company_number", "organisation.registered_in")[0] == 0
    code, _out, err = run(capsys, root, "letter", ref, "acknowledgement", "--out", out)
    assert code == 0, err
