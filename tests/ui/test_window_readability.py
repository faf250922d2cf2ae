"""What an officer reads on screen: plain words, one date format, urgent states that stand
out, hints in empty panes, one font set for every script."""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from sar_desk.core.entities import EventKind
from sar_desk.services.cases import record_event
from tests.ui.window_helpers import make_case, open_case


def reddish_pixels(widget) -> int:
    """How many pixels of the rendered widget are clearly red (text or fill), once the layout
    has given it its full width (a grab taken before that sees a sliver of it)."""
    deadline = time.monotonic() + 5
    while widget.width() < widget.sizeHint().width() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    image = widget.grab().toImage()
    count = 0
    for y in range(0, image.height(), 1):
        for x in range(0, image.width(), 1):
            c = QColor(image.pixel(x, y))
            if c.red() > 110 and c.red() > c.green() + 60 and c.red() > c.blue() + 60:
                count += 1
    return count


def test_overdue_days_are_red_and_a_running_case_is_not(qtbot, window, workspace):
    late = make_case(workspace, name="Łukasz Żółw", received=dt.date(2026, 1, 5)).reference
    view = open_case(qtbot, window, late)
    assert view.header.days.text().startswith("Overdue by")
    assert reddish_pixels(view.header.days) > 20
    calm = make_case(workspace, name="王芳", received=dt.date(2026, 3, 10)).reference
    open_case(qtbot, window, calm)
    assert view.header.days.text().startswith("Due in")
    assert reddish_pixels(view.header.days) == 0


def test_header_speaks_plain_words_and_keeps_month_names(qtbot, window, workspace):
    ref = make_case(workspace, name="Ελένη", received=dt.date(2026, 2, 2)).reference
    record_event(workspace, ref, EventKind.RESPONDED, dt.date(2026, 3, 2), "",
        override="ended for this test's set-up")
    view = open_case(qtbot, window, ref)
    # the engine's "responded on 2 March 2026 (on time)": only the first letter changes
    assert view.header.days.text().startswith("Responded on ")
    assert view.panels.timeline.topLevelItem(0).text(1) == "Responded"  # a capital, as elsewhere
    assert "March" in view.header.days.text()
    assert view.header.due.text() == "Was due Monday 02 March 2026"  # past tense once answered
    subtitle = view.header.subtitle.text()
    assert "uk-ew" not in subtitle and "England and Wales" in subtitle
    assert "status " not in subtitle


def test_list_dates_match_the_case_view_and_fit_their_columns(qtbot, window, workspace):
    from sar_desk.ui.models.case_table_model import (
        COL_DAYS,
        COL_DUE,
        COL_RECEIVED,
        COL_REFERENCE,
        COL_STATE,
    )
    from tests.ui.window_helpers import idle

    make_case(workspace, name="عائشة", received=dt.date(2025, 12, 31))  # long overdue
    make_case(workspace, name="Ελένη", received=dt.date(2026, 3, 10))
    window.cases.refresh()
    idle(qtbot, window)
    table = window.cases.table
    metrics = table.fontMetrics()
    proxy = window.cases.proxy
    assert proxy.rowCount() == 2
    for row in range(proxy.rowCount()):
        received = proxy.index(row, COL_RECEIVED).data()
        assert dt.datetime.strptime(received, "%d %b %Y")  # like "10 Mar 2026" in the case
        for col in (COL_REFERENCE, COL_RECEIVED, COL_DUE, COL_DAYS, COL_STATE):
            text = proxy.index(row, col).data()
            icon = 22 if col == COL_STATE else 0
            assert table.columnWidth(col) >= metrics.horizontalAdvance(text) + icon + 8, text


def ink(widget) -> int:
    """Pixels of the rendered widget dark enough to be text."""
    image = widget.grab().toImage()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if QColor(image.pixel(x, y)).lightness() < 180
    )


def test_empty_lists_say_what_to_do(qtbot, window, workspace):
    from tests.ui.window_helpers import idle

    table = window.cases.table
    assert "New case" in table.hint() and ink(table.viewport()) > 50  # an empty workspace
    ref = make_case(workspace, name="Łódź Kowalska").reference
    window.cases.refresh()
    idle(qtbot, window)
    assert table.hint() == ""
    qtbot.keyClicks(window.cases.search, "nobody by this name")
    window.cases.apply_filters()
    assert "No case matches" in table.hint()
    window.cases.search.clear()

    view = open_case(qtbot, window, ref)
    panels = view.panels
    for tree in (panels.timeline, panels.exemptions, panels.documents, panels.notes,
                 view.letters.letters):
        view.tabs.setCurrentWidget(view.letters if tree is view.letters.letters else tree)
        assert tree.topLevelItemCount() == 0
        assert tree.hint and ink(tree.viewport()) > 50, tree.accessibleName()
    assert view.letters.preview.currentWidget() is view.letters.preview_hint



def test_a_letter_preview_never_follows_the_officer_to_another_case(qtbot, window, workspace):
    from tests.ui.test_window_letters import generate

    first = make_case(workspace, name="عائشة Khan").reference
    second = make_case(workspace, name="Ελένη Νικολάου").reference
    view = open_case(qtbot, window, first)
    panel = generate(qtbot, window, view)
    assert panel.preview.currentWidget() is panel.view and panel.document.pageCount() >= 1
    assert panel.letters.topLevelItem(0).text(1) == "Acknowledgement"
    open_case(qtbot, window, second)
    assert panel.document.pageCount() == 0
    assert panel.preview.currentWidget() is panel.preview_hint
    assert not panel.print_button.isEnabled()


def test_audit_trail_and_documents_read_as_words(qtbot, window, workspace, tmp_path):
    from sar_desk.services.cases import attach_document

    ref = make_case(workspace, name="王芳").reference
    file = tmp_path / "Łódź payroll.txt"
    file.write_bytes(b"x" * 3200)
    attach_document(workspace, ref, str(file))
    view = open_case(qtbot, window, ref)
    doc = view.panels.documents.topLevelItem(0)
    assert doc.text(3) == "3.1 KB"
    audit = view.panels.audit
    actions = [audit.topLevelItem(i).text(3) for i in range(audit.topLevelItemCount())]
    assert "Document attached" in actions and not any("_" in a for a in actions)
    attached = audit.topLevelItem(actions.index("Document attached"))
    assert "filename: Łódź payroll.txt" in attached.text(4)
    created = audit.topLevelItem(actions.index("Case created")).text(4)
    assert "received: 02 Mar 2026" in created and "2026-03-02" not in created
    assert "{" not in attached.text(4) and "'" not in attached.text(4)
    sha = view.case.documents[0].sha256
    assert sha not in attached.text(4) and sha in attached.toolTip(4)  # full value on hover


def test_shipped_fonts_cover_names_in_any_script(qapp):
    from PySide6.QtGui import QFont, QFontMetrics

    from sar_desk.ui.app import install_fonts

    families = install_fonts()
    assert families, "no font was registered"
    for name in ("Łódź", "王芳", "عائشة", "Ελένη"):
        assert any(
            all(QFontMetrics(QFont(family)).inFontUcs4(ord(ch)) for ch in name)
            for family in families
        ), name


def test_on_time_line_breaks_at_a_month_with_nothing_closed(qtbot):
    import dataclasses

    from sar_desk.core import metrics
    from sar_desk.ui.views.dashboard_view import DashboardView
    from tests.ui.test_dashboard_view import AS_OF, CASES

    data = metrics.dashboard(CASES, AS_OF)
    months = list(data.months)
    # a closed month, an empty one, and a closed one again
    months[-3] = dataclasses.replace(months[-3], closed=2, closed_on_time=2)
    months[-2] = dataclasses.replace(months[-2], closed=0, closed_on_time=0)
    months[-1] = dataclasses.replace(months[-1], closed=4, closed_on_time=1)
    view = DashboardView(lambda _d: data, today=lambda: AS_OF)
    qtbot.addWidget(view)
    view.show_data(dataclasses.replace(data, months=tuple(months)))
    lines = view.rate_chart.chart().series()
    spans = [[int(p.x()) for p in line.points()] for line in lines]
    last = len(months) - 1
    assert [last - 2] in spans or any(s[-1] == last - 2 for s in spans)
    assert not any(last - 2 in s and last in s for s in spans)  # no slope across the gap
    assert {x for s in spans for x in s} >= {last - 2, last} and last - 1 not in {
        x for s in spans for x in s
    }


def test_list_count_shows_overdue_in_red_and_channels_in_words(qtbot, window, workspace):
    from sar_desk.core.entities import Channel
    from tests.ui.window_helpers import idle

    make_case(workspace, name="Ελένη", received=dt.date(2026, 3, 10))
    window.cases.refresh()
    idle(qtbot, window)
    assert reddish_pixels(window.cases.count) == 0  # nothing overdue: nothing red
    ref = make_case(workspace, name="王芳", received=dt.date(2026, 1, 5),
                    channel=Channel.SOCIAL).reference
    window.cases.refresh()
    idle(qtbot, window)
    assert "1 overdue" in window.cases.count.text()
    assert reddish_pixels(window.cases.count) > 10
    view = open_case(qtbot, window, ref)
    assert "by social media" in view.header.subtitle.text()


def test_overdue_tile_lists_the_worst_cases_first(qtbot):
    from sar_desk.core import metrics
    from sar_desk.ui.views.dashboard_view import DashboardView
    from sar_desk.ui.views.figure_tile import TILE_HINT
    from tests.ui.test_dashboard_view import AS_OF, CASES

    data = metrics.dashboard(CASES, AS_OF)
    assert data.overdue
    view = DashboardView(lambda _d: data, today=lambda: AS_OF)
    qtbot.addWidget(view)
    view.show_data(data)
    worst = max(data.overdue, key=lambda r: r.days_overdue)
    lines = view.tiles["overdue"].toolTip().removesuffix(f"\n\n{TILE_HINT}").splitlines()
    assert lines[0].startswith(f"{worst.reference}: {worst.days_overdue} days overdue")
    assert len(lines) == len(data.overdue)


def test_the_window_is_drawn_in_the_shipped_font(qapp):
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QApplication

    assert QFontInfo(QApplication.font()).family() == "DejaVu Sans"


def test_a_row_of_buttons_wraps_rather_than_widen_a_narrow_window(qtbot):
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    from sar_desk.ui.flow_layout import FlowLayout

    page = QWidget()
    qtbot.addWidget(page)
    rows, below = FlowLayout(), QWidget()
    buttons = [QPushButton(f"Action number {i}…") for i in range(8)]
    for button in buttons:
        rows.addWidget(button)
    column = QVBoxLayout(page)
    column.addLayout(rows)
    column.addWidget(below, 1)
    widest = max(b.sizeHint().width() for b in buttons)
    assert page.minimumSizeHint().width() < 2 * widest  # never as wide as the whole row
    page.resize(3 * widest, 400)
    page.show()
    qtbot.waitExposed(page)
    assert len({b.geometry().top() for b in buttons}) > 1  # more than one line
    assert all(b.geometry().right() < page.width() for b in buttons)
    assert all(b.geometry().bottom() < below.geometry().top() for b in buttons)


def test_case_list_fits_a_small_screen_without_scrolling_sideways(qtbot, window, workspace):
    from tests.ui.window_helpers import idle

    make_case(workspace, name="Wilhelmina Ó Súilleabháin-Παπαδοπούλου")
    window.cases.refresh()
    idle(qtbot, window)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    idle(qtbot, window)
    assert not window.cases.table.horizontalScrollBar().isVisible()


def test_lock_screen_names_the_login_safely(qtbot):
    from PySide6.QtWidgets import QLabel

    from sar_desk.ui.session_lock import LockScreen

    screen = LockScreen("<Zoë & Ελένη>")
    qtbot.addWidget(screen)
    title = screen.findChildren(QLabel)[0]
    assert "&lt;Zoë &amp; Ελένη&gt;" in title.text()  # shown as typed, never as markup
    assert "Unlock as" in title.text() and "inactivity" not in title.text()


def test_a_failed_list_load_says_why_and_f5_recovers(qtbot, window, workspace, errors,
                                                    monkeypatch):
    from PySide6.QtCore import Qt

    from sar_desk.services import cases
    from sar_desk.store.errors import StoreError
    from tests.ui.window_helpers import idle

    make_case(workspace, name="عائشة الحربي")
    real = cases.list_cases

    def broken(*args, **kwargs):
        raise StoreError("The registry is locked by a backup in progress.")

    monkeypatch.setattr(cases, "list_cases", broken)
    window.cases.model.set_rows([], window.ctx.today())
    window.cases.refresh()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    table = window.cases.table
    assert "could not be loaded" in table.hint()
    assert "locked by a backup" in table.hint() and "F5" in table.hint()
    assert errors == ["The registry is locked by a backup in progress."]

    monkeypatch.setattr(cases, "list_cases", real)
    window.show_view("cases")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 1, timeout=10_000)
    assert table.hint() == "" and table.failure == ""
