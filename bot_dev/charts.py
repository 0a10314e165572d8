"""report.png beside the eval report: the metrics as bars and the latency per case (matplotlib,
which only the dev extra installs)."""

from __future__ import annotations

import math
from pathlib import Path

from bot.evaluate import METRICS, Run


def chart(path: Path, main: Run, others: list[Run]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt

    summary = main.summary()
    names = [m for m in METRICS if not math.isnan(summary[m])]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    ax1.barh(names, [summary[m] for m in names], color="#4a7bd0")
    ax1.set_xlim(0, 1)
    ax1.invert_yaxis()
    ax1.set_title(f"metrics ({main.mode}, {len(main.rows)} cases)")
    for stage, color in (("retrieve", "#4a7bd0"), ("total", "#d07b4a")):
        ax2.hist([r["timings_ms"][stage] for r in main.rows], bins=20, alpha=0.6, label=stage, color=color)
    ax2.set_xlabel("ms per case")
    ax2.set_title("latency")
    ax2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
