"""The rule registry: every decision that sets a coded field is a named, switchable rule.

A rule is registered once, at import of the module that applies it, with a stable name
(``stage.what_it_does``), the stage it belongs to, a one-line description, the event fields it
may set and examples (sentences we write) that its unit test runs. Where a rule applies, the
code asks :func:`on` whether it is switched on and, when it changes something, calls
:func:`fired` with the field it set, which records the decision in the current trace (the
event's ``decided_by``) and counts it.

Switches and traces live in context variables, set per article by the pipeline
(:func:`using`), so stage objects stay picklable and no signature has to carry them::

    with rules.using(off={"typing.plural_shelling"}):
        result = pipeline.process_one(article)

Order: within a stage, rules apply in the order their module lists them (for typing, the
tuple ``TYPING_RULES`` in ``extract/typing.py``); :func:`table` lists them in that order.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from .errors import RuleError

# event fields a rule may decide (keys of ``decided_by``: the event's own field names)
FIELDS = frozenset(
    {
        "plover",
        "acled",
        "cameo",
        "actor1",
        "actor2",
        "location",
        "date",
        "time_precision",
        "fatalities",
        "injured",
        "displaced",
        "arrested",
        "reported_by",
        "negated",
        "hypothetical",
        "future",
        "historical",
        "confidence",
        "event",  # whether there is an event at all (dropped, merged, added)
        "place",  # a toponym's recognition or resolution (reaches events through location)
    }
)


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence of ours and what the rule makes of it: ``expect`` maps an event field to
    (a part of) its value with the rule on, as ``eventdesk extract --explain`` shows it
    (``"acled"`` as ``"Type/Sub-type"``, ``"plover"`` as ``"TYPE/mode"``, an actor as its
    name, CAMEO code and inter); ``without`` is the value with the rule off, when it differs.
    ``off``: rules switched off for the example, where another rule would decide first."""

    text: str
    expect: tuple[tuple[str, str | None], ...] = ()
    without: tuple[tuple[str, str | None], ...] = ()
    published: str | None = "2024-03-10"
    off: tuple[str, ...] = ()  # rules switched off for this example (one that outranks it)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    stage: str
    description: str
    fields: tuple[str, ...]
    order: int
    examples: tuple[Example, ...] = ()
    base: bool = False  # a base decision (the default every rule refines): always on


_REGISTRY: dict[str, Rule] = {}
# the stages in the order the pipeline runs them; rules list in this order, then as each
# stage orders its own (``set_order``), then as registered
STAGE_ORDER = (
    "place",
    "events",
    "actors",
    "counts",
    "scene",
    "flags",
    "dates",
    "attribution",
    "typing",
    "sides",
    "merge",
    "fronts",
    "confidence",
)
_POSITION: dict[str, int] = {}


def set_order(names: Iterable[str]) -> None:
    """Fix the order of a stage's rules where it is not their registration order (the
    typing rules apply in the order of ``TYPING_RULES``)."""
    for i, name in enumerate(names):
        _POSITION[name] = i


def register(
    name: str,
    description: str,
    fields: Iterable[str],
    examples: Iterable[Example] = (),
    base: bool = False,
) -> str:
    """Register a rule and return its name (modules keep it as a constant). A ``base``
    decision is the default that other rules refine (the trigger's lexicon type, the
    sentence's date): it is recorded in traces but cannot be switched off."""
    stage = name.split(".", 1)[0]
    fields = tuple(fields)
    unknown = set(fields) - FIELDS
    if "." not in name or unknown:
        raise ValueError(f"rule {name!r}: needs 'stage.name' and known fields ({unknown})")
    if name in _REGISTRY:
        raise ValueError(f"rule {name!r} is registered twice")
    _REGISTRY[name] = Rule(name, stage, description, fields, len(_REGISTRY), tuple(examples), base)
    return name


def registry() -> dict[str, Rule]:
    """Every rule registered so far, in pipeline order (``STAGE_ORDER``, then each stage's
    own order). Rules register when their module is imported: importing
    ``eventdesk.pipeline`` imports every stage (this module imports none, being below them)."""

    def key(r: Rule) -> tuple[int, int, int]:
        stage = STAGE_ORDER.index(r.stage) if r.stage in STAGE_ORDER else len(STAGE_ORDER)
        return (stage, _POSITION.get(r.name, 10_000), r.order)

    return {r.name: r for r in sorted(_REGISTRY.values(), key=key)}


def stages() -> list[str]:
    return list(dict.fromkeys(r.stage for r in registry().values()))


def get(name: str) -> Rule:
    try:
        return registry()[name]
    except KeyError:
        raise RuleError(_unknown(name)) from None


def _unknown(name: str) -> str:
    names = list(registry())
    near = difflib.get_close_matches(name, names, n=3)
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    return f"unknown rule {name!r}{hint}; `eventdesk rules` lists them"


def resolve_switches(off: Iterable[str] = (), only_stages: Iterable[str] = ()) -> frozenset[str]:
    """The names to switch off for ``--rules-off A,B`` and ``--rules-only STAGE[,STAGE]``;
    unknown names and stages are usage errors."""
    reg = registry()
    out: set[str] = set()
    for raw in off:
        for name in filter(None, (n.strip() for n in raw.split(","))):
            if name in reg and reg[name].base:
                raise RuleError(
                    f"{name} is a base decision (the default other rules refine) and cannot "
                    "be switched off; switch off the rules that refine it instead"
                )
            if name in reg:
                out.add(name)
            elif name in stages():  # a whole stage
                out |= {r.name for r in reg.values() if r.stage == name and not r.base}
            else:
                raise RuleError(_unknown(name))
    keep = {s.strip() for raw in only_stages for s in raw.split(",") if s.strip()}
    if keep:
        bad = keep - set(stages())
        if bad:
            raise RuleError(
                f"unknown stage(s) {', '.join(sorted(bad))}; stages: {', '.join(stages())}"
            )
        out |= {r.name for r in reg.values() if r.stage not in keep and not r.base}
    return frozenset(out)


# ---------------------------------------------------------------------------------------
# switches, traces and counts of the running article

_OFF: ContextVar[frozenset[str]] = ContextVar("eventdesk_rules_off", default=frozenset())
_TRACE: ContextVar[Trace | None] = ContextVar("eventdesk_rules_trace", default=None)
_COUNTS: ContextVar[Counter[str] | None] = ContextVar("eventdesk_rules_counts", default=None)


@dataclass(slots=True)
class Trace:
    """The decisions recorded while one event (or one place) was being decided."""

    decisions: list[tuple[str, str]] = field(default_factory=list)  # (field, rule)

    def add(self, key: str, name: str) -> None:
        self.decisions.append((key, name))

    def extend(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.decisions.extend(pairs)

    def for_field(self, key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for k, n in self.decisions if k == key))

    def as_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(dict.fromkeys(self.decisions))


def on(name: str) -> bool:
    """Is rule ``name`` switched on for the running article?"""
    return name not in _OFF.get()


def fired(name: str, *keys: str) -> None:
    """Record that rule ``name`` decided ``keys`` (event fields) in the current trace."""
    trace = _TRACE.get()
    if trace is not None:
        for key in keys:
            trace.add(key, name)
    counts = _COUNTS.get()
    if counts is not None:
        counts[name] += 1


def apply(name: str, *keys: str) -> bool:
    """``on(name)``, and when it is on, count it as fired for ``keys``: for a rule whose
    condition has already held (``if cond and rules.apply(NAME, "acled"): ...``)."""
    if name in _OFF.get():
        return False
    fired(name, *keys)
    return True


@contextmanager
def using(off: frozenset[str] = frozenset()) -> Iterator[None]:
    """Switch ``off`` off for the work done inside the block (besides what an enclosing
    block switched off already)."""
    token = _OFF.set(_OFF.get() | frozenset(off))
    try:
        yield
    finally:
        _OFF.reset(token)


@contextmanager
def tracing(trace: Trace | None = None) -> Iterator[Trace]:
    """Collect the decisions made inside the block into ``trace`` (a new one by default)."""
    trace = trace if trace is not None else Trace()
    token = _TRACE.set(trace)
    try:
        yield trace
    finally:
        _TRACE.reset(token)


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count how often each rule fires inside the block."""
    counts: Counter[str] = Counter()
    token = _COUNTS.set(counts)
    try:
        yield counts
    finally:
        _COUNTS.reset(token)


def current_off() -> frozenset[str]:
    return _OFF.get()
