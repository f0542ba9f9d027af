"""Charts of a probe report: a waterfall of median stage times per session count, coloured by
tier, and the distribution of the user-facing latencies against the budget."""

from __future__ import annotations

from pathlib import Path

TIER_COLOURS = {"client": "#4C9BE8", "edge": "#F0A030", "origin": "#5DBB63"}


def draw(levels: list[dict], path: str | Path, budget_ms: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    fig, (waterfall, spread) = plt.subplots(2, 1, figsize=(10, 3 + 1.6 * len(levels)), constrained_layout=True)
    labels = []
    for row, level in enumerate(levels):
        start = 0.0
        for name, s in level["summary"]["stages"].items():
            if s["p50"] is None or name in ("speech", "vad_confirm", "reply_stream"):
                continue
            waterfall.barh(row, s["p50"], left=start, color=TIER_COLOURS.get(s["tier"], "grey"),
                           hatch=None if s["budgeted"] else "//", edgecolor="black", linewidth=0.4)
            if s["p50"] > 25:
                waterfall.text(start + s["p50"] / 2, row, name, ha="center", va="center", fontsize=7)
            start += s["p50"]
        labels.append(f"{level['sessions']} session{'s' if level['sessions'] > 1 else ''}")
    waterfall.set_yticks(range(len(levels)), labels)
    waterfall.invert_yaxis()
    waterfall.set_xlabel("ms after the true end of speech (median per stage; hatched = not budgeted)")
    waterfall.set_title("Where a turn's time goes")
    waterfall.legend(handles=[Patch(color=c, label=t) for t, c in TIER_COLOURS.items()],
                     loc="lower right", fontsize=8)

    data, ticks = [], []
    for level in levels:
        for key, label in (("machine_ms", "machine stages"), ("eos_to_final_ms", "end -> final"),
                           ("eos_to_first_token_ms", "end -> 1st token")):
            values = [r[key] for r in level["records"] if r[key] is not None]
            if values:
                data.append(values)
                ticks.append(f"{level['sessions']}s: {label}")
    if data:
        spread.boxplot(data, tick_labels=ticks, showfliers=True)
    spread.axhline(budget_ms, color="red", linestyle="--", linewidth=1, label=f"budget {budget_ms:g} ms")
    spread.set_ylabel("ms")
    spread.legend(fontsize=8)
    spread.tick_params(axis="x", labelsize=7, rotation=30)
    fig.savefig(path, dpi=110)
    plt.close(fig)
