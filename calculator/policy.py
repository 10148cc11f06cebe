"""A board's procedure as typed values, built from the plain data of policies/<id>.yaml (or the
JSON the site generates from it). The data has passed `python -m calculator check` first, so
this module trusts its shape."""

from collections.abc import Mapping
from dataclasses import dataclass, field

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
    days_from: int | None = None  # a range's start ("2 to 5 working days"); `days` is its end
    parts: tuple["Reading", ...] = ()  # earliest_of: the readings whose earliest date is due


@dataclass(frozen=True)
class Timescale:
    """A stage's or deadline's time allowed: the reading the plan uses, and any other reading of
    the source."""

    primary: Reading
    alternatives: tuple[Reading, ...]

    @property
    def set_by_user(self) -> bool:
        """A stage whose date someone fixes and the user enters (the request's `agreed`)."""
        return self.primary.kind in USER_SET_KINDS and self.primary.date_set_by is not None


@dataclass(frozen=True)
class Role:
    """Whom to contact, in an agency's own words, with the clause that says so."""

    role: str
    source: str
    note: str | None = None


@dataclass(frozen=True)
class Fact:
    """A sentence of the guide with the clause it comes from."""

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
    """One stage of a board's ladder: its title, contact, timescale and what happens if it ends
    unresolved."""

    number: int
    title: str
    source: str
    contact: Role
    timescale: Timescale
    you_are_here: Fact
    # The time allowed to raise it at the next stage once this one ends unresolved: a reading
    # counted from this stage's end, with the concern raised as what is due.
    escalate_within: Reading | None = None
    #: The agencies whose professionals use this stage; empty: every agency (schema: agencies).
    agencies: tuple[str, ...] = ()

    def applies_to(self, agency_id: str) -> bool:
        """Whether a professional of this agency goes through this stage."""
        return not self.agencies or agency_id in self.agencies


@dataclass(frozen=True)
class Agency:
    """One agency's contacts at each stage (and, where the board names them, for a disagreement
    with one other agency)."""

    id: str
    name: str
    roles: Mapping[int, Role]
    #: (stage, the other agency) -> the role for a disagreement with that agency only.
    roles_with: Mapping[tuple[int, str], Role] = field(default_factory=dict)


@dataclass(frozen=True)
class Partner:
    """One of the bodies that publish a procedure jointly."""

    name: str
    short_name: str
    area: str
    source: str


@dataclass(frozen=True)
class Deadline:
    """A deadline that runs beside the stages (the whole process, or one step of it)."""

    id: str
    label: str
    timescale: Timescale
    whole_process: bool


@dataclass(frozen=True)
class Unclear:
    """Something the procedure leaves unclear: the clauses, the reading this guide uses, and how
    the plan shows it."""

    id: str
    topic: str
    sources: tuple[str, ...]
    we_use: str
    in_plan: Mapping | None


@dataclass(frozen=True)
class Review:
    """When the board says it will review its procedure, in its words, with the clause."""

    due: str | None
    words: str
    source: str


@dataclass(frozen=True)
class Board:
    """One board's procedure, read from its YAML file: everything the calculator needs."""

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
    final_say: Fact | None  # None only when the ladder is incomplete (the top is not known)
    version: str | None = None
    in_force: str | None = None  # when the version we hold came into force ("2023-10")
    #: None: we hold the whole ladder; else what is missing, in words, with its source.
    ladder_gap: Fact | None = None
    partners: tuple[Partner, ...] = ()

    def stage(self, number: int) -> Stage:
        return self.stages[number - 1]

    @property
    def ladder_complete(self) -> bool:
        return self.ladder_gap is None

    def agency_name(self, agency_id: str) -> str:
        return next((agency.name for agency in self.agencies if agency.id == agency_id),
                    agency_id)

    def uses_other_agency(self) -> bool:
        """Whether any role depends on the other agency (the request's `other_agency`)."""
        return any(agency.roles_with for agency in self.agencies)

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
        days_from=data.get("days_from"),
        parts=tuple(_reading(part, due) for part in data.get("of", ())),
    )


def _escalate_within(data: Mapping | None, number: int) -> Reading | None:
    """A stage's time allowed to escalate, as a reading anchored on the stage's own end."""
    if data is None:
        return None
    return Reading(kind=data["kind"], words=data["words"], source=data["source"],
                   days=data.get("days"), hours=data.get("hours"), anchor="stage_end",
                   anchor_stage=number, due_what="raise_it", due_source=data["source"])


def _timescale(data: Mapping) -> Timescale:
    due = data.get("due")
    return Timescale(_reading(data), tuple(_reading(alt, due)
                                           for alt in data.get("alternatives", ())))


def _fact(data: Mapping) -> Fact:
    return Fact(text=data["text"], source=data["source"])


def _role(data: Mapping) -> Role:
    return Role(role=data["role"], source=data["source"], note=data.get("note"))


def _ladder_gap(data: Mapping) -> Fact | None:
    ladder = data.get("ladder")
    if ladder is None or ladder["complete"]:
        return None
    return Fact(text=ladder["words"], source=ladder["source"])


def _agency(data: Mapping) -> Agency:
    """An agency's roles: the stage's own, and those for one other agency only."""
    roles = [role for role in data["roles"] if not role.get("other_agency")]
    with_other = [role for role in data["roles"] if role.get("other_agency")]
    return Agency(
        id=data["id"], name=data["name"], roles={role["stage"]: _role(role) for role in roles},
        roles_with={(role["stage"], role["other_agency"]): _role(role) for role in with_other},
    )


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
                escalate_within=_escalate_within(stage.get("escalate_within"), stage["number"]),
                agencies=tuple(stage.get("agencies", ())),
            )
            for stage in data["stages"]
        ),
        agencies=tuple(_agency(agency) for agency in data["agencies"]),
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
        final_say=_fact(data["final_say"]) if data.get("final_say") else None,
        version=document["version"], in_force=document.get("in_force"),
        ladder_gap=_ladder_gap(data),
        partners=tuple(Partner(name=partner["name"], short_name=partner["short_name"],
                               area=partner["area"], source=partner["source"])
                       for partner in data.get("partners", ())),
    )
