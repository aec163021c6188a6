"""The picture the data engineer hands over: the flow's DAG (assets, the blocking contract
check) beside its run history per month (success, retried, failed), both read from the
orchestrator's own records and drawn with matplotlib (no graphviz needed)."""

from __future__ import annotations

COLOURS = {"success": "#4c9a2a", "retried": "#e0a21b", "failed": "#c0392b"}


def layers(dag: dict) -> dict[str, int]:
    """Each asset's depth in the DAG (0 for a source), from ``flow.graph``."""
    depth: dict[str, int] = {}

    def of(name: str) -> int:
        if name not in depth:
            parents = dag[name][0]
            depth[name] = 1 + max(map(of, parents)) if parents else 0
        return depth[name]
    for name in dag:
        of(name)
    return depth


def positions(dag: dict) -> dict[str, tuple[float, float]]:
    depth = layers(dag)
    out = {}
    for level in sorted(set(depth.values())):
        names = sorted(n for n in dag if depth[n] == level)
        for i, name in enumerate(names):
            out[name] = (2.0 * level, (len(names) - 1) / 2 - i)
    return out


def draw_dag(ax, dag: dict) -> None:
    where = positions(dag)
    box = dict(boxstyle="round,pad=0.35", fc="#eef3fb", ec="#34568b")
    for name, (x, y) in where.items():
        ax.text(x, y, name.replace("_", "_\n", 1), ha="center", va="center", fontsize=8, bbox=box)
        for parent in dag[name][0]:
            px, py = where[parent]
            ax.annotate("", xy=(x - 0.55, y), xytext=(px + 0.55, py),
                        arrowprops=dict(arrowstyle="->", color="#34568b"))
        for check in dag[name][1]:
            ax.text(x + 1.0, y + 0.45, f"check: {check}\n(blocking)", ha="center", fontsize=7,
                    bbox=dict(boxstyle="darrow,pad=0.2", fc="#fde9e7", ec="#c0392b"))
    xs = [x for x, _ in where.values()]
    ys = [y for _, y in where.values()]
    ax.set_xlim(min(xs) - 1, max(xs) + 1)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 1.0)
    ax.set_title("the monthly flow (the orchestrator's asset graph)")
    ax.axis("off")


def draw_history(ax, history) -> None:
    """One square per run: months across, the n-th run of a month upwards."""
    months = sorted(history["month"].unique())
    nth = history.groupby("month").cumcount()
    for outcome, colour in COLOURS.items():
        mine = history["outcome"] == outcome
        ax.scatter([months.index(m) for m in history.loc[mine, "month"]], nth[mine] + 1,
                   marker="s", s=110, color=colour, label=outcome)
    ax.set_xticks(range(len(months)), months, rotation=60, fontsize=7)
    ax.set_yticks(range(1, int(nth.max()) + 2))
    ax.set_ylim(0.5, nth.max() + 2.2)
    ax.set_ylabel("run of the month")
    ax.set_title("run history (from the run records)")
    ax.legend(loc="upper left", fontsize=7, ncols=3)


def plot(dag: dict, history):
    """The hand-over figure: DAG on the left, run history on the right."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.8), width_ratios=[1.1, 1])
    draw_dag(left, dag)
    draw_history(right, history)
    fig.tight_layout()
    return fig
