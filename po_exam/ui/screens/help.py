"""Help: every key binding of every screen, the current screen's first."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from po_exam.ui.widgets.footer import Footer

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
    SUB_TITLE = "Keys and help"
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


KEY_NAMES = {
    "right": "→",
    "left": "←",
    "up": "↑",
    "down": "↓",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "question_mark": "?",
    "f1": "F1",
    "ctrl+s": "Ctrl+S",
}


def keys_table(title: str, owner: type) -> Table:
    """The bindings `owner` declares, one line per action, described by the action's docstring."""
    table = Table(
        title=title, title_justify="left", title_style="bold", expand=True, box=box.SIMPLE_HEAD
    )
    table.add_column("Keys", width=18, no_wrap=True)
    table.add_column("What it does", ratio=1)
    rows: dict[str, list[str]] = {}
    for binding in owner.BINDINGS:
        if not isinstance(binding, Binding) or binding.system:
            continue
        if binding.action.startswith("choose("):
            rows.setdefault("Choose an option (multiple answer: toggle it)", ["1-8", "a-h"])
            continue
        keys = rows.setdefault(explain(owner, binding), [])
        for key in binding.key.split(","):
            shown = KEY_NAMES.get(key, key)
            if shown not in keys:
                keys.append(shown)
    if owner.__name__ == "PoExamApp":
        rows["Command palette: change the theme, see keys, quit"] = ["Ctrl+P"]
        rows["Quit (an exam in progress stays saved)"] = ["Ctrl+Q"]
    for label, keys in rows.items():
        table.add_row(Text(" ".join(keys), style="bold"), label)
    return table


def explain(owner: type, binding: Binding) -> str:
    """What a binding does: its action's docstring, else the footer description."""
    name = binding.action.split("(")[0]
    if "(" in binding.action:  # one action, several meanings: the description tells which
        return binding.tooltip or binding.description
    if name.startswith("app."):
        return {"app.pop_screen": "Back", "app.quit": "Quit"}.get(name, binding.description)
    action = getattr(owner, f"action_{name}", None)
    doc = (action.__doc__ or "").strip().splitlines() if action else []
    return doc[0].rstrip(".") if doc else binding.description or name.replace("_", " ")
