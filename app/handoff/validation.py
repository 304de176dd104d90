"""Is a handoff ready to send? Every problem explains itself and points at what to fix.

The rules come from the handoff issue (#5) and the I-PASS idea behind it — the next person must
be able to continue without asking a single question:

* a handoff has at least one item with text (an empty handoff is refused); an item without text
  is refused too (write it or remove it);
* it has a recipient; a teammate recipient, the owners of next actions and the escalation
  contact are people on the roster, a team recipient is a team on the roster (both checked
  only when a roster is known: with no roster there is nothing to check against);
* a decision has a decision deadline ("proceeding with option A at T unless someone objects");
* a next action has an owner;
* an urgent handoff names an escalation contact;
* a link is an ``http``/``https`` URL or a tracker key (``#123``, ``PROJ-42``,
  ``group/repo#123``; see :mod:`app.handoff.links`); an item in *Links* must carry one (in
  ``ref``, or as its text).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import RecipientKind, Section, Urgency
from app.handoff.links import link_kind
from app.handoff.render import SECTION_TITLES
from app.store.records import HandoffItemData, HandoffRecord
from app.timeline.roster import Roster

_SINGULAR = {
    Section.COMPLETED.value: "Completed item",
    Section.IN_PROGRESS.value: "In-progress item",
    Section.RISKS.value: "Risk",
    Section.DECISIONS.value: "Decision",
    Section.NEXT_ACTIONS.value: "Next action",
    Section.LINKS.value: "Link",
}


@dataclass(frozen=True)
class Problem:
    """One reason a handoff cannot be sent.

    ``field``: the handoff field (``recipient``, ``escalation_contact``, ``items``) or, for an
    item, the item field (``text``, ``owner``, ``deadline_at``, ``ref``). ``section`` and
    ``item`` (index into ``HandoffRecord.items``) locate an item problem, else ``None``;
    ``position`` is the 1-based position within its section. ``message`` is a full sentence for
    the user.
    """

    field: str
    message: str
    section: str | None = None
    item: int | None = None
    position: int | None = None

    def __str__(self) -> str:
        if self.section is None:
            return f"{self.field}: {self.message}"
        return f"{self.section}[{self.position}].{self.field}: {self.message}"


def validate(handoff: HandoffRecord, *, roster: Roster) -> list[Problem]:
    """Every problem of ``handoff`` in form order (header first, then items in order); an
    empty list means it can be submitted. See the module docstring for the rules."""
    names = {teammate.name for teammate in roster.teammates}
    teams = {teammate.team for teammate in roster.teammates if teammate.team}
    problems = _header(handoff, names, teams)
    if not any(item.text.strip() for item in handoff.items):
        problems.append(
            Problem(
                "items",
                "The handoff is empty: add at least one item (what you completed, what is in "
                "progress, a risk, a decision or a next action).",
            )
        )
    positions: dict[str, int] = {}
    for index, item in enumerate(handoff.items):
        positions[item.section] = positions.get(item.section, 0) + 1
        problems += _item(item, index, positions[item.section], names)
    return problems


def _header(handoff: HandoffRecord, names: set[str], teams: set[str]) -> list[Problem]:
    problems = []
    recipient = handoff.recipient.strip()
    if not recipient:
        problems.append(Problem("recipient", "Choose who receives this handoff: a teammate or a team."))
    elif handoff.recipient_kind == RecipientKind.TEAM.value:
        if teams and recipient not in teams:
            problems.append(
                Problem(
                    "recipient",
                    f"There is no team {recipient!r} on the roster (teams: {', '.join(sorted(teams))}).",
                )
            )
    elif names and recipient not in names:
        problems.append(Problem("recipient", f"{recipient!r} is not on the roster; pick a teammate from it."))
    contact = (handoff.escalation_contact or "").strip()
    if handoff.urgency == Urgency.URGENT.value and not contact:
        problems.append(
            Problem(
                "escalation_contact",
                "An urgent handoff needs an escalation contact: who should be called if the "
                "recipient does not acknowledge in time?",
            )
        )
    elif contact and names and contact not in names:
        problems.append(
            Problem("escalation_contact", f"Escalation contact {contact!r} is not on the roster.")
        )
    return problems


def _item(item: HandoffItemData, index: int, position: int, names: set[str]) -> list[Problem]:
    label = f"{_SINGULAR.get(item.section, 'Item')} {position}"

    def problem(field: str, message: str) -> Problem:
        return Problem(field, message, section=item.section, item=index, position=position)

    problems = []
    if item.section not in SECTION_TITLES:
        problems.append(problem("section", f"{label} is in an unknown section {item.section!r}."))
    if not item.text.strip():
        problems.append(problem("text", f"{label} has no text: write it or remove it."))
    if item.section == Section.DECISIONS.value and item.deadline_at is None:
        problems.append(
            problem(
                "deadline_at",
                f"{label} has no decision deadline: say when you will proceed if nobody objects.",
            )
        )
    owner = (item.owner or "").strip()
    if item.section == Section.NEXT_ACTIONS.value and not owner:
        problems.append(problem("owner", f"{label} has no owner: who will do it?"))
    elif owner and names and owner not in names:
        problems.append(problem("owner", f"{label}: owner {owner!r} is not on the roster."))
    link = item.ref if item.ref is not None else (item.text if item.section == Section.LINKS.value else None)
    if link is not None and link_kind(link) is None:
        problems.append(
            problem(
                "ref",
                f"{label}: {link.strip()!r} is not a link: use an http(s) URL or a tracker key "
                "such as #123 or PROJ-42.",
            )
        )
    return problems
