"""The test-wiseness lint: what naive strategies score on banks, and questions that give themselves away.

A learner who knows no Scrum can still beat chance when keys have a shape: the
option that repeats the guide's words, the shortest or the longest one, the one
without "always" or "never", "false" on true/false. `lint_questions` plays those
strategies over the given questions and reports each one's expected score
against chance, then lists the questions that give their key away, terms the
2020 Scrum Guide dropped that are keyed as current, stems that state another
question's key, and facts rated at different difficulties.

Text is compared normalised: case folded, apostrophes dropped, every other
character that is not a letter or digit a word break ("Scrum’s" -> "scrums",
"self-managing" -> "self managing").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from po_exam.banks.loader import load_bank_bytes
from po_exam.banks.models import Question
from po_exam.banks.problems import Problem

ECHO_MIN_RUN = 5
"""Consecutive words an option must share with the reference to count as an echo of it."""
KEY_IN_STEM_MIN_WORDS = 6
"""A key this long (in words) found inside another question's stem gives that question's answer away."""
LONG_KEY_RATIO = 1.5
"""A key at least this many times as long (in characters) as every other option stands out."""
ABSOLUTE_WORDS = frozenset({"only", "must", "always", "never", "all", "none", "every", "cannot"})
REASON_PHRASES = (
    "because",
    "since",
    "so that",
    "so the",
    "so it",
    "to keep",
    "to avoid",
    "as long as",
    "in order to",
)
"""Words that attach a justification to an option; writers tend to give them to distractors."""
"""The words test-wise learners read as a sign of a wrong option."""
REFERENCE_NAME = "scrum-guide-2020.md"

_APOSTROPHES = str.maketrans("", "", "'’‘")
_WORD = re.compile(r"[^\W_]+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def words(text: str) -> tuple[str, ...]:
    """The normalised words of `text`."""
    return tuple(_WORD.findall(text.casefold().translate(_APOSTROPHES)))


def default_reference_path() -> Path:
    """The Scrum Guide 2020 text shipped with the built-in banks."""
    return Path(str(resources.files("po_exam") / "question_banks" / "reference" / REFERENCE_NAME))


class Reference:
    """A reference text indexed by its runs of `ECHO_MIN_RUN` words, for finding echoes quickly."""

    def __init__(self, text: str, name: str = "reference") -> None:
        self.name = name
        tokens: list[str | None] = []
        for line in _COMMENT.sub("\n", text).splitlines():
            tokens.extend(words(line))
            tokens.append(None)  # a run never spans two paragraphs or headings
        self._tokens = tokens
        self.word_count = sum(token is not None for token in tokens)
        starts: dict[tuple[str | None, ...], list[int]] = defaultdict(list)
        for index in range(len(tokens) - ECHO_MIN_RUN + 1):
            gram = tuple(tokens[index : index + ECHO_MIN_RUN])
            if None not in gram:
                starts[gram].append(index)
        self._starts = dict(starts)

    @classmethod
    def read(cls, path: Path) -> Reference:
        """The reference in the UTF-8 text file at `path` (raises OSError or UnicodeDecodeError)."""
        return cls(path.read_text(encoding="utf-8"), path.name)

    def longest_run(self, text_words: Sequence[str]) -> int:
        """The longest run of consecutive words shared with the reference; 0 when under `ECHO_MIN_RUN`."""
        best = 0
        count = len(text_words)
        reference = self._tokens
        end = len(reference)
        for start in range(count - ECHO_MIN_RUN + 1):
            if count - start <= best:
                break
            for position in self._starts.get(tuple(text_words[start : start + ECHO_MIN_RUN]), ()):
                length = ECHO_MIN_RUN
                while (
                    start + length < count
                    and position + length < end
                    and reference[position + length] == text_words[start + length]
                ):
                    length += 1
                best = max(best, length)
        return best


@dataclass(frozen=True, slots=True)
class LocatedQuestion:
    """A question and where it starts in its bank file (1-based)."""

    question: Question
    file: str
    line: int
    column: int

    @property
    def place(self) -> str:
        """`FILE:LINE:COL` of the question."""
        return f"{self.file}:{self.line}:{self.column}"


def load_questions(paths: Iterable[Path]) -> tuple[list[LocatedQuestion], list[Problem]]:
    """The questions of the banks at `paths`, located, and the errors of files that do not load."""
    questions: list[LocatedQuestion] = []
    unreadable: list[Problem] = []
    for path in paths:
        shown = str(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            unreadable.append(Problem(shown, 1, 1, f"cannot read the file: {reason}"))
            continue
        bank, problems, document = load_bank_bytes(raw, shown)
        if bank is None or document is None:
            unreadable.extend(p for p in problems if p.severity == "error")
            continue
        for index, question in enumerate(bank.questions):
            at = document.locate(("questions", index))
            questions.append(LocatedQuestion(question, shown, at.line + 1, at.column + 1))
    return questions, unreadable


# ---------------------------------------------------------------- the report


@dataclass(frozen=True, slots=True)
class StrategyScore:
    """What one naive strategy scores over the questions it can be played on, in percent."""

    name: str
    description: str
    type: str
    questions: int
    decisive: int
    """Questions where it narrows the choice at all (elsewhere it guesses, scoring chance)."""
    score: float
    chance: float
    gate: str | None
    """The threshold that judges it: "chance" (--max-over/under-chance), "true-share", or None
    when it is shown for information only."""

    @property
    def difference(self) -> float:
        """Percentage points above (or, when negative, below) chance."""
        return self.score - self.chance

    def as_dict(self) -> dict[str, object]:
        """The score as plain data, for `--format json`."""
        return {
            "name": self.name,
            "description": self.description,
            "type": self.type,
            "questions": self.questions,
            "decisive": self.decisive,
            "score": round(self.score, 2),
            "chance": round(self.chance, 2),
            "difference": round(self.difference, 2),
            "gate": self.gate,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One question that gives itself away or says something the 2020 guide no longer says."""

    file: str
    line: int
    column: int
    rule: str
    question: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: lint: {self.message} [{self.question}]"

    def as_dict(self) -> dict[str, object]:
        """The finding as plain data, for `--format json`."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "question": self.question,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The limits a bank must keep to pass the lint."""

    max_over_chance: float = 8.0
    """Points a gated strategy may score above chance."""
    max_under_chance: float = 8.0
    """Points it may score below chance (far below teaches the opposite trick)."""
    true_share: tuple[float, float] = (40.0, 60.0)
    """The allowed percentage of true/false questions keyed true."""
    absolute_tells: int = 0
    """Questions allowed where only the key avoids absolute words."""
    strict: bool = False
    """Whether every finding fails the lint."""

    def as_dict(self) -> dict[str, object]:
        """The thresholds as plain data, for `--format json`."""
        return {
            "max_over_chance": self.max_over_chance,
            "max_under_chance": self.max_under_chance,
            "true_share": list(self.true_share),
            "absolute_tells": self.absolute_tells,
            "strict": self.strict,
        }


@dataclass(slots=True)
class LintReport:
    """The strategies' scores and the findings over a set of questions, judged by thresholds."""

    questions: int
    types: dict[str, int]
    strategies: list[StrategyScore]
    true_share: float | None
    findings: list[Finding]
    thresholds: Thresholds = field(default_factory=Thresholds)
    files: list[str] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)
    """The errors of given files that did not load (they are left out of the figures)."""
    reference: str = ""
    reference_words: int = 0

    def passes(self, strategy: StrategyScore) -> bool | None:
        """Whether `strategy` keeps within its threshold; None when none applies to it."""
        limits = self.thresholds
        if not strategy.questions or strategy.gate is None:
            return None
        if strategy.gate == "true-share":
            low, high = limits.true_share
            return self.true_share is None or low <= self.true_share <= high
        return -limits.max_under_chance <= strategy.difference <= limits.max_over_chance

    @property
    def failures(self) -> list[str]:
        """Each crossed threshold, said in a sentence."""
        limits = self.thresholds
        failed: list[str] = []
        for strategy in self.strategies:
            if strategy.gate != "chance" or self.passes(strategy) is not False:
                continue
            if strategy.difference > 0:
                failed.append(
                    f"{strategy.name} scores {strategy.difference:.1f} points over chance "
                    f"(at most {limits.max_over_chance:g} allowed)"
                )
            else:
                failed.append(
                    f"{strategy.name} scores {-strategy.difference:.1f} points under chance "
                    f"(at most {limits.max_under_chance:g} allowed)"
                )
        low, high = limits.true_share
        if self.true_share is not None and not low <= self.true_share <= high:
            failed.append(
                f"{self.true_share:.1f} % of true/false questions are keyed true "
                f"(allowed {low:g}–{high:g} %)"
            )
        tells = sum(f.rule == "absolute-only-key" for f in self.findings)
        if tells > limits.absolute_tells:
            failed.append(
                f"{_plural(tells, 'question')} where every distractor has an absolute word "
                "and a key has none "
                f"(at most {limits.absolute_tells} allowed)"
            )
        if limits.strict and self.findings:
            failed.append(f"{len(self.findings)} findings (--strict: every finding fails)")
        return failed

    @property
    def ok(self) -> bool:
        """Whether no threshold is crossed."""
        return not self.failures

    def strategy(self, name: str) -> StrategyScore:
        """The score of the strategy called `name`."""
        return next(s for s in self.strategies if s.name == name)

    def as_dict(self) -> dict[str, object]:
        """The whole report as plain data, for `--format json`."""
        return {
            "files": self.files,
            "unreadable": [p.as_dict() for p in self.unreadable],
            "reference": {"name": self.reference, "words": self.reference_words},
            "questions": self.questions,
            "types": self.types,
            "thresholds": self.thresholds.as_dict(),
            "strategies": [s.as_dict() for s in self.strategies],
            "true_share": None if self.true_share is None else round(self.true_share, 2),
            "findings": [f.as_dict() for f in self.findings],
            "failures": self.failures,
            "ok": self.ok and not self.unreadable,
        }

    def text_lines(self) -> list[str]:
        """The report for a terminal: strategies against chance, findings, then a verdict."""
        kinds = {
            "single": "single",
            "multiple": "multiple",
            "true_false": "true/false",
            "essay": "essay",
        }
        lines = [
            f"Test-wiseness lint of {_plural(len(self.files), 'file')}: "
            f"{_plural(self.questions, 'question')} ("
            + ", ".join(f"{n} {kinds[k]}" for k, n in self.types.items())
            + f"); reference {self.reference} ({self.reference_words} words)",
            "",
            f"{'strategy':<22} {'questions':>16} {'decisive':>8} {'score':>7} {'chance':>7} {'diff':>7}",
        ]
        limits = self.thresholds
        for s in self.strategies:
            plays = f"{s.questions} {kinds[s.type]}"
            if not s.questions:
                lines.append(f"{s.name:<22} {plays:>16}   (no questions of this type)")
                continue
            verdict = {True: "ok", False: "FAIL", None: "(info)"}[self.passes(s)]
            lines.append(
                f"{s.name:<22} {plays:>16} {s.decisive:>8} {s.score:>6.1f}% {s.chance:>6.1f}% "
                f"{s.difference:>+7.1f}  {verdict}"
            )
        lines.append(
            f"(limits: single-choice strategies within -{limits.max_under_chance:g}/"
            f"+{limits.max_over_chance:g} points of chance; true/false keyed true "
            f"{limits.true_share[0]:g}–{limits.true_share[1]:g} %)"
        )
        if self.findings:
            lines.append("")
            lines += [str(f) for f in self.findings]
        counts: dict[str, int] = defaultdict(int)
        for finding in self.findings:
            counts[finding.rule] += 1
        summary = ", ".join(f"{n} {rule}" for rule, n in sorted(counts.items()))
        failures = self.failures
        lines.append("")
        lines += [f"threshold crossed: {failure}" for failure in failures]
        verdict = "FAILED" if failures or self.unreadable else "OK"
        lines.append(
            f"{verdict}: {_plural(len(failures), 'threshold')} crossed, "
            f"{_plural(len(self.findings), 'finding')}"
            + (f" ({summary})" if summary else "")
            + (
                f", {_plural(len(self.unreadable), 'error')} in files that did not load"
                if self.unreadable
                else ""
            )
        )
        return lines


# ---------------------------------------------------------------- strategies


@dataclass(frozen=True, slots=True)
class _Options:
    """What the strategies look at in one question's options."""

    key: frozenset[int]
    lengths: tuple[int, ...]
    runs: tuple[int, ...]
    absolute: tuple[bool, ...]
    reasoned: tuple[bool, ...] = ()

    @property
    def count(self) -> int:
        return len(self.lengths)


def _has_absolute(text_words: Iterable[str]) -> bool:
    return not ABSOLUTE_WORDS.isdisjoint(text_words)


def _has_reason(text_words: Sequence[str]) -> bool:
    padded = f" {' '.join(text_words)} "
    return any(f" {phrase} " in padded for phrase in REASON_PHRASES)


def _examine(question: Question, reference: Reference) -> _Options:
    texts = [" ".join(o.text.split()) for o in question.options or ()]
    option_words = [words(t) for t in texts]
    return _Options(
        key=question.correct_indices,
        lengths=tuple(len(t) for t in texts),
        runs=tuple(reference.longest_run(w) for w in option_words),
        absolute=tuple(_has_absolute(w) for w in option_words),
        reasoned=tuple(_has_reason(w) for w in option_words),
    )


def _pick_credit(picks: Collection[int], options: _Options) -> tuple[float, bool]:
    """Expected credit of choosing uniformly among `picks` (all options when it picks none or all)."""
    (key,) = options.key
    if not picks or len(picks) == options.count:
        return 1 / options.count, False
    return (1 / len(picks) if key in picks else 0.0), True


def _echoes(options: _Options) -> list[int]:
    best = max(options.runs)
    if best < ECHO_MIN_RUN:
        return []
    return [i for i, run in enumerate(options.runs) if run == best]


def _shortest(options: _Options) -> list[int]:
    least = min(options.lengths)
    return [i for i, length in enumerate(options.lengths) if length == least]


def _longest(options: _Options) -> list[int]:
    most = max(options.lengths)
    return [i for i, length in enumerate(options.lengths) if length == most]


def _absolute_free(options: _Options) -> list[int]:
    return [i for i, absolute in enumerate(options.absolute) if not absolute]


def _reason_free(options: _Options) -> list[int]:
    return [i for i, reasoned in enumerate(options.reasoned) if not reasoned]


_SINGLE_STRATEGIES: tuple[tuple[str, str, Callable[[_Options], list[int]]], ...] = (
    (
        "repeat-reference",
        f"pick the option sharing the longest run (at least {ECHO_MIN_RUN} words) with the reference",
        _echoes,
    ),
    ("shortest", "pick the shortest option", _shortest),
    ("longest", "pick the longest option", _longest),
    ("avoid-absolute", "pick an option without only/must/always/never/...", _absolute_free),
    ("avoid-reason", "pick an option without because/since/so that/...", _reason_free),
)


def _single_scores(examined: list[_Options]) -> list[StrategyScore]:
    chance = _percent([1 / o.count for o in examined])
    scores = []
    for name, description, pick in _SINGLE_STRATEGIES:
        credits = [_pick_credit(pick(o), o) for o in examined]
        scores.append(
            StrategyScore(
                name,
                description,
                "single",
                len(examined),
                sum(decisive for _, decisive in credits),
                _percent([credit for credit, _ in credits]),
                chance,
                gate="chance",
            )
        )
    return scores


def _true_false_scores(questions: list[Question]) -> list[StrategyScore]:
    count = len(questions)
    keyed_true = [bool(q.answer) for q in questions]
    absolute = [_has_absolute(words(q.text)) for q in questions]
    true_share = _percent([float(k) for k in keyed_true])
    return [
        StrategyScore(
            "always-true", "answer true", "true_false", count, count, true_share, 50.0, "true-share"
        ),
        StrategyScore(
            "always-false",
            "answer false",
            "true_false",
            count,
            count,
            100.0 - true_share if count else 0.0,
            50.0,
            "true-share",
        ),
        StrategyScore(
            "absolute-means-false",
            "answer false when the statement has an absolute word, else true",
            "true_false",
            count,
            count,
            _percent([float(a != k) for a, k in zip(absolute, keyed_true, strict=True)]),
            50.0,
            None,
        ),
    ]


def _choose_n_chance(options: _Options) -> tuple[float, float, bool]:
    """(credit, chance, decisive) of picking the N longest options when N is the key's size."""
    wanted = len(options.key)
    ranked = sorted(options.lengths, reverse=True)
    cut = ranked[wanted - 1]
    sure = {i for i, length in enumerate(options.lengths) if length > cut}
    tied = {i for i, length in enumerate(options.lengths) if length == cut}
    slots = wanted - len(sure)
    chance = 1 / math.comb(options.count, wanted)
    hit = sure <= options.key and len(options.key - sure) == slots and options.key - sure <= tied
    credit = 1 / math.comb(len(tied), slots) if hit else 0.0
    return credit, chance, len(tied) < options.count


def _multiple_scores(examined: list[_Options]) -> list[StrategyScore]:
    played = [_choose_n_chance(o) for o in examined]
    return [
        StrategyScore(
            "choose-n-longest",
            "told to choose N, pick the N longest options",
            "multiple",
            len(examined),
            sum(decisive for _, _, decisive in played),
            _percent([credit for credit, _, _ in played]),
            _percent([chance for _, chance, _ in played]),
            gate=None,
        )
    ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _percent(values: Sequence[float]) -> float:
    return 100.0 * sum(values) / len(values) if values else 0.0


# ---------------------------------------------------------------- findings


def _key_tells(item: LocatedQuestion, options: _Options) -> Iterator[Finding]:
    """The shapes of one question's options that point at its key."""
    key = options.key
    distractors = set(range(options.count)) - key
    echoing = {i for i, run in enumerate(options.runs) if run >= ECHO_MIN_RUN}
    if echoing and echoing <= key:
        run = max(options.runs[i] for i in echoing)
        yield _finding(
            item,
            "echo-only-key",
            f"{_only_keys(echoing, key, 'repeats', 'repeat')} a run of "
            f"the reference's words ({run} words); no distractor does",
        )
    free = set(_absolute_free(options)) & key
    if free and distractors and all(options.absolute[i] for i in distractors):
        yield _finding(
            item,
            "absolute-only-key",
            f"every distractor has an absolute word ({'/'.join(sorted(ABSOLUTE_WORDS))}) "
            f"and {_only_keys(free, key, 'has none', 'have none')}",
        )
    if len(key) == 1 and options.count > 1:
        (index,) = key
        others = max(length for i, length in enumerate(options.lengths) if i != index)
        if options.lengths[index] >= LONG_KEY_RATIO * others:
            yield _finding(
                item,
                "longest-key",
                f"the key is by far the longest option ({options.lengths[index]} characters, "
                f"the next {others})",
            )


def _only_keys(found: set[int], key: frozenset[int], singular: str, plural: str) -> str:
    """'the key' or 'N of the M keyed options', with the verb that follows in the right number."""
    if len(key) == 1:
        return f"the key {singular}"
    return f"{len(found)} of the {len(key)} keyed options {plural if len(found) > 1 else singular}"


def _finding(item: LocatedQuestion, rule: str, message: str) -> Finding:
    return Finding(item.file, item.line, item.column, rule, item.question.id, message)


DROPPED_TERMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("Development Team", r"\bdevelopment teams?\b"),
        ("servant-leader", r"\bservant[- ]?leader"),
        (
            "the three Daily Scrum questions",
            r"\b(?:did|done|do|accomplished|completed|achieved|worked on)\b[^.?!]{0,40}\byesterday\b"
            r"|\bwhat will (?:i|you|we|be) (?:do|done)\b[^.?!]{0,10}\btoday\b"
            r"|\bthree (?:daily scrum |standard |stand-?up )?questions\b",
        ),
        ("potentially releasable", r"\bpotentially (?:releasable|shippable)\b"),
        ("grooming", r"\bgroom(?:ing|ed)?\b"),
        ("Sprint 0", r"\bsprint[- ](?:0|zero)\b"),
        ("velocity", r"\bvelocity\b"),
        ("story points", r"\bstory[- ]points?\b"),
    )
)
"""Terms of earlier editions that the 2020 Scrum Guide dropped, as (name, pattern)."""

NOT_CURRENT_MARKERS = re.compile(
    r"\b(?:no longer|not part of|not (?:a|an) (?:scrum|2020)|not in the|not (?:mentioned|used|defined)"
    r"|(?:does|do|did)(?: not|n[’']t) (?:use|mention|name|define|prescribe|include|contain|say)"
    r"|(?:earlier|previous|older|former|past) (?:editions?|versions?|guides?)|formerly|2010|2011|2013|2016|2017"
    r"|removed|replaced|dropped|renamed|retired|obsolete|outdated|used to"
    r"|wants?|asks?|asked|insists?|suggests?|proposes?|claims?|believes?|thinks?)\b",
    re.IGNORECASE,
)
"""Words showing a text does not itself call a dropped term current: it says the guide dropped the
term, or it reports what someone in a scenario wants, asks or claims."""


_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|(?<!\w)['‘][^'‘’]*['’](?!\w)")
"""A quoted span: a term in quotes is mentioned (as someone's word), not used."""


def _dropped_terms(item: LocatedQuestion) -> Iterator[Finding]:
    """Dropped terms in the stem, in a correct option, or in a statement keyed true.

    A term in quotes, or in a text that says the guide dropped it or that reports what someone
    wants, asks or claims (`NOT_CURRENT_MARKERS`), is not stated as current."""
    question = item.question
    places: list[tuple[str, str]] = []
    if question.type == "true_false":
        if question.answer:
            places.append(("in a statement keyed true", question.text))
    else:
        places.append(("in the stem", question.text))
        places += [("in a correct option", o.text) for o in question.options or () if o.correct]
    for where, text in places:
        text = _QUOTED.sub(" ", text)
        if NOT_CURRENT_MARKERS.search(text):
            continue
        for name, pattern in DROPPED_TERMS:
            if pattern.search(text):
                yield _finding(
                    item,
                    "dropped-term",
                    f"'{name}' {where}, stated as current, but the 2020 Scrum Guide no longer uses it",
                )


def _keys_in_stems(items: Sequence[LocatedQuestion]) -> Iterator[Finding]:
    """Questions whose stem states another question's key, reported at both questions."""
    size = KEY_IN_STEM_MIN_WORDS
    by_gram: dict[tuple[str, ...], set[int]] = defaultdict(set)
    stems = [" " + " ".join(words(item.question.text)) + " " for item in items]
    for index, item in enumerate(items):
        if item.question.type == "true_false":
            continue  # its stem is the statement the learner judges, not a setting
        stem_words = words(item.question.text)
        for start in range(len(stem_words) - size + 1):
            by_gram[stem_words[start : start + size]].add(index)
    for index, item in enumerate(items):
        for key_words in _stated_keys(item.question):
            needle = " " + " ".join(key_words) + " "
            for other in sorted(by_gram.get(key_words[:size], ())):
                stem_item = items[other]
                if other == index or needle not in stems[other]:
                    continue
                if item.question.fact and item.question.fact == stem_item.question.fact:
                    continue  # questions of one fact never share an attempt
                yield _finding(
                    stem_item,
                    "stem-states-key",
                    f"the stem states the key of {item.question.id} ({item.place})",
                )
                yield _finding(
                    item,
                    "stem-states-key",
                    f"the key is stated in the stem of {stem_item.question.id} ({stem_item.place})",
                )


def _stated_keys(question: Question) -> list[tuple[str, ...]]:
    """The keyed statements of a question long enough to give it away when quoted elsewhere."""
    if question.type == "true_false":
        texts = [question.text] if question.answer else []
    else:
        texts = [o.text for o in question.options or () if o.correct]
    return [w for w in map(words, texts) if len(w) >= KEY_IN_STEM_MIN_WORDS]


def _fact_difficulties(items: Sequence[LocatedQuestion]) -> Iterator[Finding]:
    """Facts whose questions are rated at different difficulties, reported at the first question.

    Unrated questions are left out. The order is the order the files were given in."""
    by_fact: dict[str, list[LocatedQuestion]] = defaultdict(list)
    for item in items:
        if item.question.fact and item.question.difficulty is not None:
            by_fact[item.question.fact].append(item)
    for fact, group in by_fact.items():
        if len({i.question.difficulty for i in group}) < 2:
            continue
        first, *others = group
        rated = ", ".join(f"{o.question.difficulty} in {o.question.id} ({o.place})" for o in others)
        yield _finding(
            first,
            "fact-difficulty",
            f"fact '{fact}' is rated difficulty {first.question.difficulty} here, {rated}",
        )


# ---------------------------------------------------------------- the lint


def lint_questions(
    items: Sequence[LocatedQuestion],
    reference: Reference,
    thresholds: Thresholds | None = None,
) -> LintReport:
    """Play the naive strategies over `items` and collect every finding."""
    single: list[_Options] = []
    multiple: list[_Options] = []
    true_false: list[Question] = []
    findings: list[Finding] = []
    types: dict[str, int] = {"single": 0, "multiple": 0, "true_false": 0, "essay": 0}
    for item in items:
        question = item.question
        types[question.type] += 1
        if question.type == "essay":
            continue  # written and self-graded: no options for a strategy to play
        if question.type == "true_false":
            true_false.append(question)
        else:
            options = _examine(question, reference)
            (single if question.type == "single" else multiple).append(options)
            findings.extend(_key_tells(item, options))
        findings.extend(_dropped_terms(item))
    findings.extend(_keys_in_stems(items))
    findings.extend(_fact_difficulties(items))
    findings.sort(key=lambda f: (f.file, f.line, f.column, f.rule, f.message))
    strategies = [
        *_single_scores(single),
        *_true_false_scores(true_false),
        *_multiple_scores(multiple),
    ]
    return LintReport(
        questions=len(items),
        types=types,
        strategies=strategies,
        true_share=_percent([float(bool(q.answer)) for q in true_false]) if true_false else None,
        findings=findings,
        thresholds=thresholds or Thresholds(),
    )


def lint_banks(
    paths: Sequence[Path], reference: Reference, thresholds: Thresholds | None = None
) -> LintReport:
    """Load the bank files at `paths` and lint every question of those that load."""
    items, unreadable = load_questions(paths)
    report = lint_questions(items, reference, thresholds)
    report.files = [str(p) for p in paths]
    report.unreadable = unreadable
    report.reference = reference.name
    report.reference_words = reference.word_count
    return report
