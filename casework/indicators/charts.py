"""Charts drawn by pygal on the server, as SVG shown through <img src="data:...">.

Why pygal and not a JavaScript library: the page's CSP allows no inline script or style, and an SVG
inside an <img> is an isolated image (its own styles apply, no script runs), so the chart needs no
JavaScript, no CDN and no exception to the CSP; it also shows in a printout and without JavaScript.
The table beside each chart holds the same numbers for screen readers.
"""

from __future__ import annotations

import base64
import sys

import pygal
from pygal.style import Style

# pygal appends a legacy finder to sys.meta_path (for its map plugins, which we do not use); on
# Python 3.11 every later import that reaches it raises an ImportWarning. Take it out again.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"]

STYLE = Style(background="white", plot_background="white", foreground="#373c44", foreground_strong="#1d2127",
              foreground_subtle="#8a93a0", colors=("#1e6bb8", "#d9822b", "#3c9d5d", "#a23b72"),
              font_family="sans-serif", label_font_size=13, major_label_font_size=13, legend_font_size=13,
              value_font_size=12, title_font_size=15)


def _data_uri(chart) -> str:
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def actual_vs_target(title: str, rows: list[tuple[str, float | None, float | None]], *, actual: str,
                     target: str) -> str | None:
    """A horizontal bar chart of percentages: one pair of bars (actual, target) per indicator."""
    if not rows:
        return None
    chart = pygal.HorizontalBar(style=STYLE, js=[], disable_xml_declaration=True, width=760,
                                height=120 + 60 * len(rows), range=(0, 100), title=title, legend_at_bottom=True,
                                print_values=True, value_formatter=lambda v: f"{v:.1f}%" if v is not None else "",
                                truncate_label=40)
    chart.x_labels = [label for label, _, _ in rows]
    chart.add(actual, [value for _, value, _ in rows])
    chart.add(target, [goal for _, _, goal in rows])
    return _data_uri(chart)


def counts(title: str, rows: list[tuple[str, int]]) -> str | None:
    if not rows:
        return None
    chart = pygal.HorizontalBar(style=STYLE, js=[], disable_xml_declaration=True, width=760,
                                height=100 + 40 * len(rows), title=title, show_legend=False, print_values=True,
                                value_formatter=lambda v: f"{int(v):,}".replace(",", "."), truncate_label=40)
    chart.x_labels = [label for label, _ in rows]
    chart.add(title, [value for _, value in rows])
    return _data_uri(chart)
