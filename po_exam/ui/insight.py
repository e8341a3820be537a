"""Pacing and calibration told in words and drawn with plotext, for results, debrief, history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from po_exam.exam.insight import CERTAINTY_CLAIMS, CERTAINTY_LEVELS, CERTAINTY_NAMES
from po_exam.ui.formatting import RIGHT, WRONG, percent_text, plural

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

    from po_exam.exam.insight import Calibration, LevelCalibration, Pacing
    from po_exam.exam.outlook import Outlook
    from po_exam.exam.stats import Readiness

CLAIM_MIDDLE = {level: (low + high) / 2 for level, (low, high) in CERTAINTY_CLAIMS.items()}
"""What each level claims, drawn as the middle of its range."""


def pacing_text(pace: Pacing) -> Text:
    """Whether the learner would finish at their pace, the budget, the slowest topics."""
    median = pace.median
    if median is None:
        return Text("No time was kept for this attempt.", style="dim")
    projected = pace.projected_minutes or 0.0
    text = Text()
    if pace.would_finish:
        text.append(f"{RIGHT} In time: ", style="bold green")
        text.append(
            f"at your pace the {pace.exam_questions} questions take {projected:.0f} of"
            f" {pace.exam_minutes} minutes."
        )
    else:
        text.append(f"{WRONG} Too slow: ", style="bold red")
        text.append(
            f"at your pace the {pace.exam_questions} questions take {projected:.0f} minutes;"
            f" the exam gives {pace.exam_minutes}."
        )
    text.append(
        f"\nMedian {median:.0f} s a question against a budget of {pace.budget:.0f} s;"
        f" {plural(pace.over_budget, 'question')} over it."
    )
    if pace.slowest_topics:
        slowest = ", ".join(f"{t.title} ({t.mean_seconds:.0f} s)" for t in pace.slowest_topics)
        text.append(f"\nSlowest topics: {slowest}.")
    return text


def pacing_chart(chart: PlotextPlot, pace: Pacing) -> None:
    """Seconds per question as bars, the budget as a red line."""
    plt = chart.plt
    plt.clear_data()
    plt.clear_figure()
    seconds = [s or 0.0 for s in pace.seconds]
    numbers = list(range(1, len(seconds) + 1))
    if seconds:
        plt.bar(numbers, seconds, width=0.6)
        plt.xticks(numbers[:: max(1, len(numbers) // 10)])
    plt.hline(pace.budget, "red")
    plt.title(f"Seconds per question (red line: the {pace.budget:.0f} s budget)")
    plt.xlabel("question")
    plt.ylabel("seconds")
    chart.refresh()


def calibration_text(calibration: Calibration) -> Text:
    """Per level: right against claimed; then the confident mistakes and lucky guesses."""
    if not calibration.rated:
        return Text(
            "No answer was rated. Press k during the exam to say how certain you are.",
            style="dim",
        )
    text = Text()
    for level in calibration.levels:
        low, high = level.claim
        text.append(f"{level.name.capitalize():<7}", style="bold")
        if level.percent is None:
            text.append(f"no answers (claims {low}-{high} %)\n", style="dim")
            continue
        text.append(
            f"{level.right}/{level.answered} right ({percent_text(level.percent)}, claims {low}-{high} %)"
            f" · {level.verdict}\n"
        )
    text.append("Confident mistakes (wrong at high certainty): ", style="bold red")
    text.append(numbers(calibration.confident_mistakes) + "\n")
    text.append("Lucky guesses (right at low certainty): ", style="bold")
    text.append(numbers(calibration.lucky))
    return text


def numbers(positions: tuple[int, ...]) -> str:
    """`question 3, 7` or `none`."""
    if not positions:
        return "none"
    return "question " + ", ".join(str(p + 1) for p in positions)


BARS = 20
"""Cells of a calibration bar: 5 % each."""


def calibration_bars(levels: Sequence[LevelCalibration]) -> Text:
    """A small chart, one bar per rated level: the share right (█), the claimed range (┆…┆).

    `medium ███████████████░░░░░ 75 % right · claims 67-80 % · about right`
    """
    text = Text()
    for level in levels:
        if not level.answered:
            continue
        share = level.percent or 0.0
        low, high = level.claim
        filled = round(share / 100 * BARS)
        bar = Text()
        for cell in range(BARS):
            inside = low <= (cell + 0.5) * 100 / BARS <= high
            if cell < filled:
                bar.append("█", style="green" if level.verdict == "about right" else "yellow")
            else:
                bar.append("▒" if inside else "░", style="cyan" if inside else "dim")
        text.append(f"{level.name:<7}", style="bold")
        text.append_text(bar)
        text.append(
            f" {share:3.0f} % right of {level.answered} · claims {low}-{high} % · {level.verdict}\n"
        )
    text.rstrip()
    return text


def calibration_chart(chart: PlotextPlot, calibration: Calibration) -> None:
    """Per certainty level: the share right against what the level claims."""
    plt = chart.plt
    plt.clear_data()
    plt.clear_figure()
    names = [CERTAINTY_NAMES[level] for level in CERTAINTY_LEVELS]
    right = [level.percent or 0.0 for level in calibration.levels]
    claimed = [CLAIM_MIDDLE[level] for level in CERTAINTY_LEVELS]
    plt.multiple_bar(names, [right, claimed], labels=["right %", "claimed %"])
    plt.ylim(0, 100)
    plt.title("Right % per certainty level, against what it claims")
    plt.xlabel("certainty")
    plt.ylabel("%")
    chart.refresh()


def readiness_text(ready: Readiness, outlook: Outlook | None) -> Text:
    """The chances on the next simulation, how they were found, and the last results."""
    text = Text("Readiness: ", style="bold")
    if outlook is None or not outlook.simulations:
        text.append("take a PSPO I simulation to see how ready you are.")
        return text
    sims = plural(outlook.simulations, "simulation")
    if outlook.chances:
        text.append(
            f"{outlook.chances[85] * 100:.0f} % chance of ≥ 85 %,"
            f" {outlook.chances[95] * 100:.0f} % of ≥ 95 % next time"
            f" ({outlook.first_seen_right}/{outlook.first_seen} right on first-seen questions,"
            f" last {sims}, recent ones weigh more)."
        )
    else:
        text.append(f"no estimate: every question of your last {sims} had been seen before.")
    extra = []
    if outlook.repeated:
        share = (outlook.repeated_share or 0) * 100
        extra.append(
            f"Repeats (not counted): {outlook.repeated_right}/{outlook.repeated} ({percent_text(share)})."
        )
    if ready.simulations:
        extra.append(
            f"Passed {ready.passed} of the last {plural(ready.simulations, 'simulation')},"
            f" mean {percent_text(ready.mean_percent)}."
        )
    if extra:
        text.append("\n" + " ".join(extra))
    return text
