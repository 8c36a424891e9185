"""The label sets the arbiter predicts: ACLED sub-event types (with their event types) and
PLOVER types, each with a "none" class for a text that reports no codable event."""

from __future__ import annotations

from ..records import PLOVER_TYPES

NONE = "none"

# ACLED sub-event type -> event type (the codebook's 25 sub-types under 6 event types).
ACLED_SUB_TO_EVENT: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
ACLED_SUB_TYPES: tuple[str, ...] = tuple(ACLED_SUB_TO_EVENT)
ACLED_EVENT_TYPES: tuple[str, ...] = tuple(dict.fromkeys(ACLED_SUB_TO_EVENT.values()))


SUB_LABELS: tuple[str, ...] = (*ACLED_SUB_TYPES, NONE)
PLOVER_LABELS: tuple[str, ...] = (*PLOVER_TYPES, NONE)


def event_type_of(sub_event_type: str | None) -> str | None:
    """The ACLED event type of a sub-event type (None for none or an unknown label)."""
    if sub_event_type is None:
        return None
    return ACLED_SUB_TO_EVENT.get(sub_event_type)


def _key(label: str) -> str:
    return " ".join(label.lower().replace("_", " ").split())


_SUB_BY_KEY = {_key(s): s for s in SUB_LABELS}
_PLOVER_BY_KEY = {_key(s): s for s in PLOVER_LABELS}
NONE_WORDS = frozenset({"none", "no event", "null", "-"})  # labels that mean no event


def means_none(label: str) -> bool:
    """Whether a label says "no event" (case, underscores and spacing ignored)."""
    return _key(label) in NONE_WORDS


def normalise_sub(label: str) -> str | None:
    """The canonical spelling of an ACLED sub-event type label (case and spaces ignored;
    "none", "no event", "null" and "-" mean none), or None when it is not one."""
    key = _key(label)
    if key in NONE_WORDS:
        return NONE
    return _SUB_BY_KEY.get(key)


def normalise_plover(label: str) -> str | None:
    """The canonical PLOVER type of a label (case ignored), none, or None when unknown."""
    key = _key(label)
    if key in NONE_WORDS:
        return NONE
    return _PLOVER_BY_KEY.get(key)
