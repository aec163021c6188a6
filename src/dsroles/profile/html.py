"""Pieces shared by the profile page and the team page: one self-contained HTML file each
(inline CSS, charts as base64 PNG data URIs, nothing fetched from the network)."""

from __future__ import annotations

import base64
import io
from html import escape

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #777; } .verdict { font-size: 1.15em; font-weight: bold; padding: 0.5em;
  border-radius: 4px; } .ok { background: #e3f4e4; } .bad { background: #fbe4e4; }
blockquote { white-space: pre-wrap; margin: 0.3em 0 1em; padding: 0.5em 0.8em; border-left: 4px solid #ccc; }
blockquote.scheme { border-color: #3b7dd8; background: #f4f8fd; }
"""


def esc(value) -> str:
    return escape(str(value), quote=True)


def percent(level) -> str:
    return "not assessed" if level is None else f"{100 * level:.0f}%"


def level_colour(level) -> str:
    """A red-amber-green background for a level in [0, 1]; grey when not assessed."""
    if level is None:
        return "#eeeeee"
    level = min(max(float(level), 0.0), 1.0)
    # red (0) -> amber (0.5) -> green (1)
    if level < 0.5:
        r, g, b = 244, int(120 + 170 * level), 110
    else:
        r, g, b = int(244 - 300 * (level - 0.5)), 205, int(110 + 20 * (level - 0.5))
    return f"#{r:02x}{g:02x}{b:02x}"


def png_data_uri(fig) -> str:
    """A matplotlib figure as a data: URI (and the figure closed)."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def radar_chart(labels: list[str], levels: list[float | None], title: str = "") -> str:
    """A radar chart of levels in [0, 1] (None drawn as 0 and marked) as a data URI."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np

    n = len(labels)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False).tolist()
    values = [0.0 if v is None else float(v) for v in levels]
    fig, ax = plt.subplots(figsize=(5.2, 5.2), subplot_kw={"polar": True})
    ax.set_theta_offset(np.pi / 2)  # first role at the top, then clockwise
    ax.set_theta_direction(-1)
    ax.plot(angles + angles[:1], values + values[:1], color="#3b7dd8", linewidth=2)
    ax.fill(angles + angles[:1], values + values[:1], color="#3b7dd8", alpha=0.25)
    ax.set_xticks(angles)
    ax.set_xticklabels([f"{lab}\n(not assessed)" if v is None else lab
                        for lab, v in zip(labels, levels)], fontsize=9)
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0])
    ax.set_yticklabels(["25%", "50%", "75%", "100%"], fontsize=7, color="#777")
    if title:
        ax.set_title(title, pad=18)
    return png_data_uri(fig)


def page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{esc(title)}</title><style>{CSS}</style></head>\n"
            f"<body>\n<h1>{esc(title)}</h1>\n{body}\n</body></html>\n")
