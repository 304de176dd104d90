"""Team templates: a head start for common kinds of handoff. Pure data.

A template sets the title and urgency of an empty draft and adds items with empty text; each
item has a ``hint`` the form shows as placeholder text. Empty items fail validation, so a
template can never send a prompt as if it were content: the user fills each item or removes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain import ItemFlag, Section, Urgency
from app.store.records import HandoffItemData, HandoffRecord


@dataclass(frozen=True)
class TemplateItem:
    """An item a template adds: its ``section`` and ``flag`` values, and the placeholder
    ``hint``."""

    section: str
    hint: str
    flag: str = ItemFlag.FYI.value


@dataclass(frozen=True)
class Template:
    """A named template. ``key`` is stable (for settings and tests), ``name`` and
    ``description`` are shown to the user."""

    key: str
    name: str
    description: str
    title: str
    urgency: str = Urgency.NORMAL.value
    items: tuple[TemplateItem, ...] = ()


BUILT_IN: tuple[Template, ...] = (
    Template(
        key="incident",
        name="Incident follow-up",
        description="An incident is still open or just resolved: state, risks, who decides what.",
        title="Incident follow-up",
        urgency=Urgency.HIGH.value,
        items=(
            TemplateItem(Section.COMPLETED.value, "What was mitigated, and when (with the timeline link)"),
            TemplateItem(Section.IN_PROGRESS.value, "What is still being investigated"),
            TemplateItem(Section.RISKS.value, "What could flare up again, and the signal to watch"),
            TemplateItem(
                Section.DECISIONS.value,
                "Open decision (e.g. roll back or keep the fix) and the default if nobody objects",
                ItemFlag.INPUT_NEEDED.value,
            ),
            TemplateItem(Section.NEXT_ACTIONS.value, "Next step, with its owner"),
            TemplateItem(Section.LINKS.value, "Incident ticket or dashboard URL"),
        ),
    ),
    Template(
        key="release",
        name="Release",
        description="A release is in flight: what shipped, what is left, go/no-go decisions.",
        title="Release handoff",
        items=(
            TemplateItem(Section.COMPLETED.value, "What shipped (version, environments)"),
            TemplateItem(Section.IN_PROGRESS.value, "Rollout stage and what is left"),
            TemplateItem(Section.RISKS.value, "Known issues and how to roll back"),
            TemplateItem(Section.DECISIONS.value, "Go/no-go for the next stage", ItemFlag.INPUT_NEEDED.value),
            TemplateItem(Section.NEXT_ACTIONS.value, "Next rollout step, with its owner"),
            TemplateItem(Section.LINKS.value, "Release notes or pipeline URL"),
        ),
    ),
    Template(
        key="quiet",
        name="Quiet shift",
        description="Nothing unusual happened: a short note that confirms it.",
        title="Quiet shift",
        items=(
            TemplateItem(Section.COMPLETED.value, "Routine work done (or: nothing to report)"),
            TemplateItem(Section.NEXT_ACTIONS.value, "Anything to keep an eye on, with its owner"),
        ),
    ),
)
"""The built-in templates, in menu order."""


def apply_template(handoff: HandoffRecord, template: Template) -> HandoffRecord:
    """``handoff`` with ``template`` applied: the template's title when the handoff has none,
    its urgency when the handoff's is ``normal``, and one empty item per template item appended
    after the existing items (carried-over items are kept)."""
    added = tuple(HandoffItemData(section=t.section, text="", flag=t.flag) for t in template.items)
    return replace(
        handoff,
        title=handoff.title or template.title,
        urgency=template.urgency if handoff.urgency == Urgency.NORMAL.value else handoff.urgency,
        items=handoff.items + added,
    )
