"""A board's procedure as typed values, built from the plain data of policies/<id>.yaml (or the
JSON the site generates from it). The data has passed `python -m calculator check` first, so
this module trusts its shape."""

from collections.abc import Mapping
from dataclasses import dataclass

from .workdays import ExtraDay, extra_days_from_data

#: Timescale kinds the source gives no count for: a due date exists only if someone fixes one
#: (`date_set_by`) and the user enters it.
USER_SET_KINDS = frozenset({"none", "agreed"})

#: The id of a board's main event: the request's `raised` date, and the day stage 1 starts.
MAIN_EVENT = "raised"

#: The agency id offered on every board for "my agency is not listed" (generic roles only).
ANY_AGENCY = "any"


@dataclass(frozen=True)
class Reading:
    """One reading of a timescale: how to count a due date, in words and with its source."""

    kind: str
    words: str
    source: str
    days: int | None = None
    hours: int | None = None
    anchor: str | None = None
    anchor_stage: int | None = None
    anchor_event: str | None = None
    why: str | None = None
    due_what: str = "stage_completed"  # what must have happened by the date (schema: due_what)
    due_source: str = ""
    pace: str | None = None  # for kinds without a count: as_soon_as_possible, without_delay...
    date_set_by: str | None = None  # who may fix a date for a stage with no count
    target: bool = False  # the source calls the date a target, not a maximum


@dataclass(frozen=True)
class Timescale:
    primary: Reading
    alternatives: tuple[Reading, ...]

    @property
    def set_by_user(self) -> bool:
        """A stage whose date someone fixes and the user enters (the request's `agreed`)."""
        return self.primary.kind in USER_SET_KINDS and self.primary.date_set_by is not None


@dataclass(frozen=True)
class Role:
    role: str
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Fact:
    text: str
    source: str


@dataclass(frozen=True)
class Event:
    """An event a board counts from, asked in the board's own words."""

    id: str
    label: str
    hint: str
    source: str


@dataclass(frozen=True)
class Stage:
    number: int
    title: str
    source: str
    contact: Role
    timescale: Timescale
    you_are_here: Fact


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    roles: Mapping[int, Role]


@dataclass(frozen=True)
class Deadline:
    id: str
    label: str
    timescale: Timescale
    whole_process: bool


@dataclass(frozen=True)
class Unclear:
    id: str
    topic: str
    sources: tuple[str, ...]
    we_use: str
    in_plan: Mapping | None


@dataclass(frozen=True)
class Review:
    due: str | None
    words: str
    source: str


@dataclass(frozen=True)
class Board:
    id: str
    name: str
    short_name: str
    stages: tuple[Stage, ...]
    agencies: tuple[Agency, ...]
    deadlines: tuple[Deadline, ...]
    unclear: tuple[Unclear, ...]
    review: Review
    document_dates: tuple[str, ...]
    extra_days: tuple[ExtraDay, ...]
    events: tuple[Event, ...]
    final_say: Fact
    version: str | None = None
    in_force: str | None = None  # when the version we hold came into force ("2023-10")

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]

    @property
    def main_event(self) -> Event:
        return self.events[0]

    @property
    def other_events(self) -> tuple[Event, ...]:
        return self.events[1:]

    def agency_choices(self) -> list[dict]:
        """Every agency the source names, then the generic choice for everyone else."""
        generic_name = "Another agency (generic roles)" if self.agencies else "Any agency"
        return [{"id": agency.id, "name": agency.name} for agency in self.agencies] + [
            {"id": ANY_AGENCY, "name": generic_name}
        ]


def _reading(data: Mapping, inherited_due: Mapping | None = None) -> Reading:
    """One reading; an alternative without its own `due` has the main reading's."""
    due = data.get("due") or inherited_due or {}
    return Reading(
        kind=data["kind"], words=data["words"], source=data["source"], days=data.get("days"),
        hours=data.get("hours"), anchor=data.get("anchor"),
        anchor_stage=data.get("anchor_stage"), anchor_event=data.get("anchor_event"),
        why=data.get("why"), due_what=due.get("what", "stage_completed"),
        due_source=due.get("source", data["source"]), pace=data.get("pace"),
        date_set_by=data.get("date_set_by"), target=data.get("target", False),
    )


def _timescale(data: Mapping) -> Timescale:
    due = data.get("due")
    return Timescale(_reading(data), tuple(_reading(alt, due)
                                           for alt in data.get("alternatives", ())))


def _fact(data: Mapping) -> Fact:
    return Fact(text=data["text"], source=data["source"])


def _role(data: Mapping) -> Role:
    return Role(role=data["role"], source=data["source"], note=data.get("note"))


def board_from_data(data: Mapping) -> Board:
    document = data["source_document"]
    return Board(
        id=data["id"],
        name=data["name"],
        short_name=data["short_name"],
        stages=tuple(
            Stage(
                number=stage["number"], title=stage["title"], source=stage["source"],
                contact=_role(stage["contact"]), timescale=_timescale(stage["timescale"]),
                you_are_here=_fact(stage["you_are_here"]),
            )
            for stage in data["stages"]
        ),
        agencies=tuple(
            Agency(
                id=agency["id"], name=agency["name"],
                roles={role["stage"]: _role(role) for role in agency["roles"]},
            )
            for agency in data["agencies"]
        ),
        deadlines=tuple(
            Deadline(
                id=deadline["id"], label=deadline["label"],
                timescale=_timescale(deadline["timescale"]),
                whole_process=deadline.get("whole_process", False),
            )
            for deadline in data["deadlines"]
        ),
        unclear=tuple(
            Unclear(
                id=item["id"], topic=item["topic"],
                sources=tuple(reading["source"] for reading in item["readings"]),
                we_use=item["we_use"], in_plan=item.get("in_plan"),
            )
            for item in data["unclear"]
        ),
        review=Review(**document["review"]),
        document_dates=tuple(entry["date"] for entry in document["dates"]),
        extra_days=extra_days_from_data(data["extra_non_working_days"]),
        events=tuple(Event(id=event["id"], label=event["label"], hint=event["hint"],
                           source=event["source"]) for event in data["events"]),
        final_say=_fact(data["final_say"]),
        version=document["version"], in_force=document.get("in_force"),
    )
