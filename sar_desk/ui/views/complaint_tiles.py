"""The dashboard's complaint tiles: to acknowledge, acknowledgements overdue, open past
target. A row under the case tiles; each counts after every refresh of the figures, and a
click opens the Complaints list showing those complaints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from sar_desk.core.complaint_metrics import TILES

COLOURS = {"to_acknowledge": "#1f5fa8", "ack_overdue": "#b3261e", "past_target": "#a05a00"}


def install_complaint_tiles(view: Any, ctx: Any, open_list: Callable[[str], None]) -> dict:
    """Add the complaint tiles to the dashboard ``view``; returns them by name."""
    from sar_desk.ui.views.figure_tile import FigureTile

    row = QHBoxLayout()
    label = QLabel("Complaints")
    label.setStyleSheet("font-weight: 600;")
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
    row.addWidget(label)
    tiles: dict[str, Any] = {}
    for key, caption in TILES.items():
        tile = FigureTile(caption, COLOURS[key], view, clickable=True)
        tile.setToolTip(f"{caption}: click to list them")
        tile.activated.connect(lambda key=key: open_list(key))
        tiles[key] = tile
        row.addWidget(tile, 1)
    layout = view.layout()
    index = layout.indexOf(view.tiles_row) if hasattr(layout, "indexOf") else -1
    layout.insertLayout(index + 1 if index >= 0 else layout.count(), row)
    # Tab reaches them after the case tiles (and the approvals tile), not after Refresh.
    previous = getattr(view, "approvals_tile", None) or list(view.tiles.values())[-1]
    for tile in tiles.values():
        QWidget.setTabOrder(previous, tile)
        previous = tile
    view.complaint_tiles = tiles

    def count() -> None:
        from sar_desk.services.complaints import complaint_tiles

        ws = ctx.workspace

        def show(figures: Any) -> None:
            for key, tile in tiles.items():
                tile.set_value(figures.value(key))

        ctx.run(lambda: complaint_tiles(ws), on_success=show, parent=view, title="Complaints")

    view.refreshed.connect(count)
    return tiles
