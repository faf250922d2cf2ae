"""The case list's search box also looks inside cases and says where each match is."""

from __future__ import annotations

from sar_desk.services import cases as C
from tests.ui.window_helpers import idle, make_case


def _search(qtbot, win, text):
    win.cases.search.setText(text)
    win.cases.apply_filters()
    idle(qtbot, win)
    return win.cases.inside


def test_words_inside_a_note_are_found_with_where(qtbot, window, workspace):
    ref = make_case(workspace, name="王芳").reference
    C.add_note(workspace, ref, "She asked for the albatross recordings")
    inside = _search(qtbot, window, "ALBATROSS")
    assert inside.isVisible()
    row = inside.tree.topLevelItem(0)
    assert inside.tree.topLevelItemCount() == 1
    assert (row.text(0), row.text(1)) == (ref, "王芳")
    assert row.text(2).startswith("note of ") and "[albatross]" in row.text(3)
    assert "1 place in 1 case" in inside.title.text()


def test_activating_a_result_opens_the_case(qtbot, window, workspace):
    ref = make_case(workspace, request_text="about the flamingo file").reference
    inside = _search(qtbot, window, "flamingo")
    with qtbot.waitSignal(window.cases.open_case) as opened:
        inside.tree.itemActivated.emit(inside.tree.topLevelItem(0), 0)
    assert opened.args == [ref]


def test_nothing_found_says_so_and_clearing_hides_it(qtbot, window, workspace):
    make_case(workspace)
    inside = _search(qtbot, window, "zeppelin")
    assert inside.isVisible() and inside.tree.topLevelItemCount() == 0
    assert "Nothing inside the cases says" in inside.title.text()
    _search(qtbot, window, "")
    assert not inside.isVisible()
    assert window.cases.search.placeholderText().endswith("words inside cases")
