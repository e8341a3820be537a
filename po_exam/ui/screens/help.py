"""Help: every key binding of every screen, the current screen's first."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

INTRO = (
    "po-exam mirrors the PSPO I assessment: 80 questions, 60 minutes, 85 % to pass. "
    "Every answer is saved as you give it; leave at any time and continue from Home. "
    "Ctrl+P opens the command palette (themes, keys, quit)."
)


def screens_with_keys() -> list[tuple[str, type]]:
    """Each place in the app with its own keys, as (title, class)."""
    from po_exam.ui.app import PoExamApp
    from po_exam.ui.screens.confirm import ConfirmScreen
    from po_exam.ui.screens.debrief import DebriefScreen
    from po_exam.ui.screens.exam import ExamScreen
    from po_exam.ui.screens.feedback import FeedbackScreen
    from po_exam.ui.screens.history import HistoryScreen
    from po_exam.ui.screens.home import HomeScreen
    from po_exam.ui.screens.results import ResultsScreen
    from po_exam.ui.screens.review import ReviewScreen
    from po_exam.ui.screens.setup import SetupScreen
    from po_exam.ui.widgets.options import OptionPicker

    return [
        ("Home", HomeScreen),
        ("Setup", SetupScreen),
        ("Exam", ExamScreen),
        ("Exam: options", OptionPicker),
        ("Practice feedback", FeedbackScreen),
        ("Review before submit", ReviewScreen),
        ("Confirm", ConfirmScreen),
        ("Results", ResultsScreen),
        ("Debrief", DebriefScreen),
        ("History", HistoryScreen),
        ("Everywhere", PoExamApp),
    ]


class HelpScreen(Screen[None]):
    """Lists the keys; opened with F1 or ? from anywhere."""

    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,q,f1,question_mark", "app.pop_screen", "Close help")]

    def __init__(self, current: type | None = None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Static(INTRO, id="intro")
            places = screens_with_keys()
            places.sort(key=lambda place: place[1] is not self.current)
            for title, owner in places:
                yield Static(keys_table(title, owner), classes="keys")
        yield Footer()


def keys_table(title: str, owner: type) -> Table:
    """The bindings `owner` declares, merged by action so `1`..`8` read as one line."""
    table = Table(title=title, title_justify="left", title_style="bold", expand=True)
    table.add_column("Keys", width=20, no_wrap=True)
    table.add_column("What it does", ratio=1)
    rows: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    for binding in owner.BINDINGS:
        if not isinstance(binding, Binding) or binding.system:
            continue
        action = binding.action.split("(")[0]
        description = binding.description or binding.tooltip or action.replace("_", " ")
        keys = [binding.key_display or key for key in binding.key.split(",")]
        if "choose(" in binding.action:
            keys = ["1-8 or a-h"]
        label = description if action != "choose" else "Choose an option (toggle for multiple)"
        rows.setdefault(label, [])
        for key in keys:
            shown = key.replace("question_mark", "?").replace("escape", "Esc")
            if shown not in rows[label]:
                rows[label].append(shown)
        described[label] = label
    if owner.__name__ == "PoExamApp":
        rows["Command palette: themes, keys, quit"] = ["Ctrl+P"]
        rows["Quit (your exam stays saved)"] = ["Ctrl+Q"]
    for label, keys in rows.items():
        table.add_row(Text(" ".join(keys), style="bold"), label)
    return table
