"""The Fee / refusal dialog offers only the decisions the case still allows (the core says)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from sar_desk.core.case_actions import decision_reason
from sar_desk.core.entities import DecisionGround, DecisionKind, EventKind
from sar_desk.services.cases import get_case, record_event
from sar_desk.ui.dialogs.decision_dialog import DecisionDialog
from tests.ui.window_helpers import idle, make_case, open_case


def choices(combo):
    """{data: (enabled, tooltip)} for every item of a combo box."""
    model, tip = combo.model(), Qt.ItemDataRole.ToolTipRole
    return {
        combo.itemData(i): (model.item(i).isEnabled(), combo.itemData(i, tip))
        for i in range(combo.count())
    }


def open_dialog(qtbot, view):
    view.active_dialog = None
    view.decision_button.click()
    qtbot.waitUntil(lambda: isinstance(view.active_dialog, DecisionDialog), timeout=3000)
    return view.active_dialog


def test_a_responded_case_offers_only_a_fee_for_further_copies(qtbot, window, workspace, errors):
    ref = make_case(workspace, name="Łódź Wiśniewska").reference
    record_event(workspace, ref, EventKind.RESPONDED, dt.date(2026, 3, 12),
        override="ended for this test's set-up")
    case = get_case(workspace, ref)
    view = open_case(qtbot, window, ref)
    dialog = open_dialog(qtbot, view)
    refused = decision_reason(case, DecisionKind.REFUSE, DecisionGround.UNFOUNDED)
    assert refused.startswith("The response was sent on 12 March 2026")

    # preselected: the one pair still possible
    assert dialog.kind.currentData() == DecisionKind.FEE
    assert dialog.ground.currentData() == DecisionGround.FURTHER_COPIES
    assert choices(dialog.kind) == {DecisionKind.FEE: (True, None),
                                    DecisionKind.REFUSE: (False, refused)}
    assert choices(dialog.ground) == {
        DecisionGround.UNFOUNDED: (False, refused),
        DecisionGround.EXCESSIVE: (False, refused),
        DecisionGround.FURTHER_COPIES: (True, None),
    }
    assert dialog.limits.isVisibleTo(dialog) and dialog.limits.text() == refused

    # a refused pair forced in (not through the list) is shown and cannot be saved
    dialog.kind.setCurrentIndex(dialog.kind.findData(DecisionKind.REFUSE))
    assert dialog.ground.currentData() == DecisionGround.FURTHER_COPIES  # nothing allowed
    assert refused in dialog.errors() and not dialog.ok_button.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData(DecisionKind.FEE))

    qtbot.keyClicks(dialog.reasons, "Second copy of the response asked for")
    dialog.amount.setText("10.00")
    assert dialog.errors() == [] and dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []
    (decision,) = get_case(workspace, ref).decisions
    assert (decision.kind, decision.ground) == (DecisionKind.FEE, DecisionGround.FURTHER_COPIES)
    assert str(decision.amount) == "10.00"
    assert decision.reasons == "Second copy of the response asked for"


def test_an_open_case_offers_every_choice(qtbot, window, workspace, errors):
    ref = make_case(workspace, name="王芳").reference
    view = open_case(qtbot, window, ref)
    dialog = open_dialog(qtbot, view)
    assert all(c == (True, None) for c in choices(dialog.kind).values())
    for kind in DecisionKind:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        offered = choices(dialog.ground)
        if kind == DecisionKind.REFUSE:  # further copies justify a fee only, on any case
            enabled, why = offered.pop(DecisionGround.FURTHER_COPIES)
            assert not enabled and "not a refusal" in why
        assert all(c == (True, None) for c in offered.values())
    assert not dialog.limits.isVisibleTo(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(DecisionKind.REFUSE))
    dialog.ground.setCurrentIndex(dialog.ground.findData(DecisionGround.EXCESSIVE))
    qtbot.keyClicks(dialog.reasons, "Fifth identical request this month")
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []
    (decision,) = get_case(workspace, ref).decisions
    assert (decision.kind, decision.ground) == (DecisionKind.REFUSE, DecisionGround.EXCESSIVE)
