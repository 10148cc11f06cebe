"""`python -m calculator check`: the schema, then the rules a schema cannot express. Every
problem is one line naming the file, the line and the place in the data. CPython only."""

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import jsonschema

from ..errors import InputError
from ..policy import ANY_AGENCY, MAIN_EVENT
from ..training import LADDER, expectation_mismatches, step_answer, step_route, training_gaps
from .loading import (
    LoadedPolicy,
    Path_,
    PolicyFileError,
    Problem,
    clip,
    format_path,
    parse_policy,
    read_policy_file,
)

SCHEMA_FILE = "schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
NOTE = "note"  # a Problem with this `where` is a note: the board appears; its entry is not complete

_TYPE_WORDS = {
    "integer": "a whole number", "string": "text", "array": "a list", "object": "a mapping",
    "boolean": "true or false", "null": "null", "number": "a number",
}
_PATTERN_WORDS = {
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD",
    r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$": "a date YYYY-MM-DD or a month YYYY-MM",
    r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$": "an id: lower-case words joined by hyphens",
    r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$": "an id: lower-case words joined by underscores",
    r"^[0-9][0-9 ]{2,}$": "a telephone number (digits and spaces)",
    r"^(https?://|www\.)": "a web address starting http://, https:// or www.",
    r"\S": "some text (it is blank)",
    r"^sources/[a-z0-9][a-z0-9-]*\.txt$": "a .txt file under sources/, as a path relative to "
                                          "policies/, e.g. 'sources/<id>.txt'",
    r"^[1-9][0-9]*$": 'a stage number in quotes, e.g. "2"',
    r"^#[0-9a-fA-F]{6}$": "a colour written #rrggbb (six hex digits)",
}
_UNEXPECTED = re.compile(r"\((.*) (?:was|were) unexpected\)")


@cache
def load_schema(policies_dir: Path) -> dict:
    return json.loads((policies_dir / SCHEMA_FILE).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Schema problems, in plain words


def _quoted(value: object) -> str:
    """A value as a problem quotes it: its repr, cut short if long."""
    return clip(repr(value), 80)


def _is_integer(checker: object, instance: object) -> bool:
    """A whole number as YAML reads one: jsonschema also counts 5.0, which YAML reads as a
    float, and a board file that says `days: 5.0` is not saying 5."""
    return isinstance(instance, int) and not isinstance(instance, bool)


def _pattern(validator: jsonschema.protocols.Validator, pattern: str, instance: object,
             schema: dict) -> Iterator[jsonschema.ValidationError]:
    """`pattern`, except that a `$` does not match before a final newline, as Python's does:
    "2026-01-01\n" is not a date (a value written with `|`, or "...\n" in quotes)."""
    if not validator.is_type(instance, "string"):
        return
    trailing = pattern.endswith("$") and instance.endswith("\n")  # type: ignore[union-attr]
    if trailing or not re.search(pattern, instance):  # type: ignore[arg-type]
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, validators={"pattern": _pattern},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer))


def _value_at(data: object, path: Path_) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def _forbidden_field(error: jsonschema.ValidationError, data: object) -> tuple[Path_, str]:
    """A `false` schema under `properties` reports the object, not the field: find the field
    by its value, and name the kind it does not go with."""
    path = tuple(error.absolute_path)
    parent = _value_at(data, path)
    kind = _quoted(parent.get("kind")) if isinstance(parent, dict) else "given"
    if isinstance(parent, dict):
        fields = [key for key, value in parent.items() if value == error.instance]
        if len(fields) == 1:
            return (*path, fields[0]), f"is not used with kind {kind}"
    return path, f"has a field that is not used with kind {kind}"


def _number_hint(value: object) -> str:
    """How to write `value` as the whole number it looks like, or ''. YAML reads only plain
    decimals as numbers here: 010, 0x10, 1_000 stay text, and 5.0 is not a whole number."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f": write {int(value)}, without the decimal point"
    if not isinstance(value, str) or len(value) > 100:
        return ""
    if re.fullmatch(r"[-+]?0[0-9]+", value):
        return f": write {int(value)}, without a leading zero"
    if re.fullmatch(r"[-+]?0(x[0-9a-fA-F]+|o[0-7]+|b[01]+)", value):
        return f": write it in decimal, {int(value, 0)}"
    if re.fullmatch(r"[-+]?[0-9][0-9_]*[0-9]", value) and "_" in value:
        return f": write {int(value.replace('_', ''))}, without '_'"
    return ""


def _type_message(wanted: object, instance: object) -> str:
    wanted = wanted if isinstance(wanted, list) else [wanted]
    words = " or ".join(_TYPE_WORDS.get(name, name) for name in wanted)  # type: ignore[union-attr]
    hint = _number_hint(instance) if "integer" in wanted else ""  # type: ignore[operator]
    if instance is None:
        hint = ": the value is missing (or is null)"
    elif "string" in wanted and isinstance(instance, (bool, int, float)):
        hint = ": put it in quotes"  # YAML reads `yes`, `1.0`... as something other than text
    return f"must be {words}, not {_quoted(instance)}{hint}"


def _unknown_fields(error: jsonschema.ValidationError) -> list:
    """The fields that additionalProperties or unevaluatedProperties refused, as the data has
    them (a key such as 1 stays 1, so that its line is found)."""
    instance, message = error.instance, error.message
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        return [key for key in instance if key not in known]
    found = _UNEXPECTED.search(message)
    return [key for key in instance if found and repr(key) in found.group(1)]


def _schema_message(error: jsonschema.ValidationError, data: object) -> tuple[Path_, str]:
    path, instance = tuple(error.absolute_path), error.instance
    kind = error.validator
    if kind is None and error.schema is False:
        return _forbidden_field(error, data)
    if kind == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return path, f"missing '{missing[0] if missing else error.validator_value[0]}'"
    if kind in ("additionalProperties", "unevaluatedProperties"):
        names = _unknown_fields(error)
        allowed = sorted(error.schema.get("properties", {}))
        where = (*path, names[0]) if names else path
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return where, f"unknown field {', '.join(_quoted(n) for n in names)}{hint}"
    if kind == "type" and "propertyNames" in error.schema_path:  # a scenario's stage dates
        return path, f'stage numbers go in quotes, e.g. "2", not {_quoted(instance)}'
    if kind == "type":
        return path, _type_message(error.validator_value, instance)
    if kind == "enum":
        options = ", ".join(repr(option) for option in error.validator_value)
        return path, f"must be one of {options}, not {_quoted(instance)}"
    if kind == "minimum":
        return path, f"must be at least {error.validator_value}, not {_quoted(instance)}"
    if kind == "minItems":
        return path, f"must list at least {error.validator_value}"
    if kind in ("pattern", "minLength"):
        pattern = error.schema.get("pattern", r"\S")
        hint = " (remove the line break at its end)" if isinstance(instance, str) and \
            instance.endswith("\n") and instance.strip() else ""
        return path, f"must be {_PATTERN_WORDS.get(pattern, 'text matching ' + pattern)}, " \
                     f"not {_quoted(instance)}{hint}"
    if kind == "oneOf":
        return path, ("must be a date YYYY-MM-DD, a month YYYY-MM, or null, not "
                      f"{_quoted(instance)}")
    return path, error.message


def _schema_errors(loaded: LoadedPolicy, schema: dict) -> list[jsonschema.ValidationError]:
    errors = _Validator(schema).iter_errors(loaded.data)
    return sorted(errors, key=lambda e: loaded.line_of(tuple(e.absolute_path)))


def schema_problems(loaded: LoadedPolicy, schema: dict) -> Iterator[tuple[Path_, str]]:
    for error in _schema_errors(loaded, schema):
        yield _schema_message(error, loaded.data)


WHOLE = "*"  # in broken_parts: the document itself is wrong (not a mapping)


def broken_parts(errors: list[jsonschema.ValidationError]) -> set[str | int]:
    """The top-level keys the schema found a problem in (a missing key counts as broken), or
    WHOLE: the rules then run on every other part, so one run reports every problem."""
    broken: set[str | int] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if path:
            broken.add(path[0])
        elif error.validator == "required":
            broken.update(error.validator_value)
        elif error.validator in ("additionalProperties", "unevaluatedProperties"):
            continue  # an unknown top-level key breaks nothing the rules read
        else:
            broken.add(WHOLE)
    return broken


# ---------------------------------------------------------------------------------------------
# Rules beyond the schema (run only on data that has passed the schema)


def _real_date(text: str) -> bool:
    parts = [int(part) for part in text.split("-")]
    try:
        date(*parts) if len(parts) == 3 else date(parts[0], parts[1], 1)
    except ValueError:
        return False
    return True


def _readings(timescale: dict) -> Iterator[tuple[Path_, dict]]:
    """Every reading with its place: the main one, the alternatives, and the parts of any
    `earliest_of` ("of", n), each checked like a reading of its own."""
    for sub, reading in [((), timescale)] + [
            (("alternatives", index), alternative)
            for index, alternative in enumerate(timescale.get("alternatives", []))]:
        yield sub, reading
        for index, part in enumerate(reading.get("of", [])):
            yield (*sub, "of", index), part


def _is_part(sub: Path_) -> bool:
    return len(sub) >= 2 and sub[-2] == "of"


#: The kinds a part of `earliest_of` may have: each counts a date of its own.
PART_KINDS = ("working_days_after", "calendar_days_after", "by_working_day", "clock_hours_after")


def _part_problems(reading: dict, where: Path_) -> Iterator[tuple[Path_, str]]:
    """Each part of 'whichever is sooner' counts a date, and says nothing of what is due: the
    whole timescale's `due` and `target` apply to whichever date comes first."""
    for index, part in enumerate(reading.get("of", [])):
        here = (*where, "of", index)
        if part["kind"] not in PART_KINDS:
            yield (*here, "kind"), (
                f"a part of earliest_of must count a date ({', '.join(PART_KINDS)}), not "
                f"{part['kind']!r}")
        for field in ("due", "target"):
            if field in part:
                yield (*here, field), (
                    f"a part of earliest_of has no {field} of its own: give it once, on the "
                    "earliest_of timescale")


def _range_problems(reading: dict, where: Path_) -> Iterator[tuple[Path_, str]]:
    """A range ('within 2 to 5 working days') starts before it ends."""
    start, end = reading.get("days_from"), reading.get("days")
    if start is not None and end is not None and start >= end:
        yield (*where, "days_from"), (
            f"the range's start ({start}) must be less than its end, days ({end}); for a "
            "single number leave days_from out")


def _anchor_problems(reading: dict, where: Path_, stage: int | None, last: int):
    """A stage may count only from itself or an earlier stage (so the dates can be worked out
    in order); a deadline from any real stage."""
    anchor, anchored = reading.get("anchor"), reading.get("anchor_stage")
    if anchored is None:
        return
    if anchored > last:
        yield (*where, "anchor_stage"), f"there is no stage {anchored} (stages 1 to {last})"
    elif stage is not None and anchor == "stage_start" and anchored > stage:
        yield (*where, "anchor_stage"), (
            f"stage {stage} cannot count from the start of a later stage ({anchored})")
    elif stage is not None and anchor == "stage_end" and anchored >= stage:
        yield (*where, "anchor_stage"), (
            f"stage {stage} can only count from the end of an earlier stage, not {anchored}")


def _day_number_problems(reading: dict, where: Path_):
    """Working day 0 does not exist: the count's first day is working day 1."""
    if reading["kind"] == "by_working_day":
        for field in ("days", "days_from"):
            if reading.get(field) == 0:
                yield (*where, field), \
                    "working day numbers start at 1 (the first day of the count)"


def _event_anchor_problems(reading: dict, where: Path_, events: list[str]):
    """A count from an event names one of the board's other events (the first is the day
    raised, which has its own anchor)."""
    if reading.get("anchor") != "event":
        return
    others = events[1:]
    if reading.get("anchor_event") not in others:
        allowed = ", ".join(others) or "none: add it to `events` first"
        yield (*where, "anchor_event"), (
            f"no event {reading.get('anchor_event')!r} in `events` after the first; "
            f"allowed: {allowed}")


def _event_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    events = data["events"]
    if events[0]["id"] != MAIN_EVENT:
        yield ("events", 0, "id"), (
            f"the first event is the main one, the day stage 1 starts: its id must be "
            f"{MAIN_EVENT!r}, not {events[0]['id']!r}")
    yield from _unique(events, "id", "events")


def _unique(items: list[dict], key: str, where: str) -> Iterator[tuple[Path_, str]]:
    seen: set = set()
    for index, item in enumerate(items):
        if item[key] in seen:
            yield (where, index, key), f"{item[key]!r} is given twice"
        seen.add(item[key])


def _stage_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    stages, last = data["stages"], len(data["stages"])
    event_ids = [event["id"] for event in data["events"]]
    for index, stage in enumerate(stages):
        if stage["number"] != index + 1:
            yield ("stages", index, "number"), (
                f"expected {index + 1}: stages are numbered 1, 2, 3... in order, without gaps")
            continue
        timescale = stage["timescale"]
        for sub, reading in _readings(timescale):
            where = ("stages", index, "timescale", *sub)
            yield from _day_number_problems(reading, where)
            yield from _anchor_problems(reading, where, stage["number"], last)
            yield from _event_anchor_problems(reading, where, event_ids)
            yield from _range_problems(reading, where)
            yield from _part_problems(reading, where)
            if sub and not _is_part(sub) and reading["kind"] in ("none", "agreed"):
                yield (*where, "kind"), "an alternative reading must give a date"
        if "escalate_within" in stage and stage["number"] == last:
            yield ("stages", index, "escalate_within"), (
                "the last stage has no next stage to escalate to: say what happens in "
                "if_unresolved instead")


_STAGE_NAMED = re.compile(r"\bstage ([0-9]+)\b", re.IGNORECASE)
#: What every stage of a board file gives beside what the schema requires (the core and other
#: tools take stages without them, so the schema cannot require them).
STAGE_GUIDANCE = {
    "have_ready": "what to have ready or share at this stage, as the procedure says (where it "
                  "says nothing for the stage, its general advice, citing that clause)",
    "if_unresolved": "what the procedure says happens if this stage does not settle it (at the "
                     "last stage, its final step)",
}


def _guidance_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """Every stage says what to have ready and what happens if it is not resolved; that names
    the stage it goes on to, and no stage the ladder does not have (but at the top of a ladder
    we hold only part of, where the procedure's next stage is one we do not hold)."""
    stages, last = data["stages"], len(data["stages"])
    complete = (data.get("ladder") or {"complete": True})["complete"]
    for index, stage in enumerate(stages):
        number = index + 1
        for key, what in STAGE_GUIDANCE.items():
            if key not in stage:
                yield ("stages", index), f"missing '{key}': {what}"
        if "if_unresolved" not in stage:
            continue
        where = ("stages", index, "if_unresolved", "text")
        named = {int(found) for found in _STAGE_NAMED.findall(stage["if_unresolved"]["text"])}
        if number < last and number + 1 not in named:
            yield where, (f"must say where it goes next: name stage {number + 1} (e.g. '...: "
                          f"stage {number + 1}.')")
        if number < last or complete:
            for beyond in sorted(n for n in named if n > last):
                final = ": at the last stage, say what the procedure's final step is" \
                    if number == last else ""
                yield where, f"there is no stage {beyond} (stages 1 to {last}){final}"


def _deadline_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    last = len(data["stages"])
    event_ids = [event["id"] for event in data["events"]]
    yield from _unique(data["deadlines"], "id", "deadlines")
    for index, deadline in enumerate(data["deadlines"]):
        for sub, reading in _readings(deadline["timescale"]):
            where = ("deadlines", index, "timescale", *sub)
            yield from _anchor_problems(reading, where, None, last)
            yield from _event_anchor_problems(reading, where, event_ids)
            yield from _day_number_problems(reading, where)
            yield from _range_problems(reading, where)
            yield from _part_problems(reading, where)
            if not _is_part(sub) and reading["kind"] in ("none", "agreed"):
                yield (*where, "kind"), "a deadline must give a date"


def _agency_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    last = len(data["stages"])
    yield from _unique(data["agencies"], "id", "agencies")
    for index, agency in enumerate(data["agencies"]):
        if agency["id"] == ANY_AGENCY:
            yield ("agencies", index, "id"), f"'{ANY_AGENCY}' is kept for the generic choice"
        yield from _role_twice(agency["roles"], index)
        for role_index, role in enumerate(agency["roles"]):
            if role["stage"] > last:
                yield ("agencies", index, "roles", role_index, "stage"), (
                    f"there is no stage {role['stage']} (stages 1 to {last})")


def _role_twice(roles: list[dict], index: int) -> Iterator[tuple[Path_, str]]:
    """One role per stage, and per stage and other agency: a role for a disagreement with one
    other agency only may share its stage with the agency's own role."""
    seen: set = set()
    for role_index, role in enumerate(roles):
        key = (role["stage"], role.get("other_agency"))
        if key in seen:
            other = f" with other_agency {key[1]!r}" if key[1] else ""
            yield ("agencies", index, "roles", role_index, "stage"), (
                f"stage {key[0]}{other} is given twice")
        seen.add(key)


def _unclear_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    last, agencies = len(data["stages"]), {agency["id"] for agency in data["agencies"]}
    yield from _unique(data["unclear"], "id", "unclear")
    for index, item in enumerate(data["unclear"]):
        in_plan = item.get("in_plan") or {}
        for position, number in enumerate(in_plan.get("stages", [])):
            if number > last:
                yield ("unclear", index, "in_plan", "stages", position), (
                    f"there is no stage {number} (stages 1 to {last})")
        for position, agency in enumerate(in_plan.get("agencies", [])):
            if agency not in agencies:
                yield ("unclear", index, "in_plan", "agencies", position), (
                    f"no agency {agency!r} in this file")
        if item["kind"] == "contradiction" and len(item["readings"]) < 2:
            yield ("unclear", index, "readings"), "a contradiction needs at least two readings"


def _ladder_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """Who decides at the top is said only of a ladder we hold whole."""
    ladder = data.get("ladder")
    complete = ladder is None or ladder["complete"]
    if complete and "final_say" not in data:
        yield (), ("missing 'final_say': who decides at the top of the ladder (leave it out "
                   "only with `ladder: {complete: false, ...}`)")
    if not complete and "final_say" in data:
        yield ("final_say",), ("leave out final_say: `ladder.complete` is false, so the top of "
                               "the ladder is not known")


def _partner_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    partners = data.get("partners") or []
    yield from _unique(partners, "name", "partners")
    yield from _unique(partners, "short_name", "partners")


def _stage_agency_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """A stage only some agencies use names real agencies, is never stage 1 (which starts on
    the day raised for everyone), and an agency has no role at a stage it does not use."""
    known = [agency["id"] for agency in data["agencies"]]
    only_for = {stage["number"]: stage["agencies"] for stage in data["stages"]
                if stage.get("agencies")}
    for index, stage in enumerate(data["stages"]):
        ids = stage.get("agencies") or []
        if ids and index == 0:
            yield ("stages", 0, "agencies"), (
                "stage 1 starts on the day raised for every agency: it cannot be only for some "
                "(leave `agencies` out)")
        for position, agency in enumerate(ids):
            if agency not in known:
                yield ("stages", index, "agencies", position), (
                    f"no agency {agency!r} in this file (allowed: {', '.join(known) or 'none'})")
        yield from _unique([{"id": agency} for agency in ids], "id",
                           f"stages[{index}].agencies")
    for index, agency in enumerate(data["agencies"]):
        for role_index, role in enumerate(agency["roles"]):
            users = only_for.get(role["stage"])
            if users and agency["id"] not in users:
                yield ("agencies", index, "roles", role_index, "stage"), (
                    f"stage {role['stage']} is only for {', '.join(users)}: "
                    f"{agency['id']!r} has no role there")


def _other_agency_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """A role for a disagreement with one other agency names an agency of this file."""
    known = [agency["id"] for agency in data["agencies"]]
    for index, agency in enumerate(data["agencies"]):
        for role_index, role in enumerate(agency["roles"]):
            other = role.get("other_agency")
            if other is not None and other not in known:
                yield ("agencies", index, "roles", role_index, "other_agency"), (
                    f"no agency {other!r} in this file (allowed: {', '.join(known)})")


def _record_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """Each record field is keyed by its id on the page and in the plain-text record."""
    fields = data["records"]["fields"]
    for path, message in _unique(fields, "id", "fields"):
        yield ("records", *path), message
    filled = [{"index": index, **field} for index, field in enumerate(fields) if "fill" in field]
    for (_, index, _), message in _unique(filled, "fill", "fields"):
        yield ("records", "fields", filled[index]["index"], "fill"), (
            f"{message}: the calculator fills each answer into one field only")


#: Where a board gives no record of its own, its record is built on a basis (NEL's recording
#: template and Worcestershire's Record of Escalation), and each field taken from that basis says
#: so: "Basis: NEL recording template (Surrey gives no list)".
BASIS = "Basis:"
NO_LIST = re.compile(r"\(([^()]+) gives no list\)")
#: What a record built on the basis fills in: each answer the plan knows that the basis asks
#: for (the agency, the date of escalation, the stage reached and each stage's dates).
BASIS_FILLS = ("agency", "raised", "current_stage", "stage_dates")


def _basis_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """A record built on the basis says so honestly: each field from the basis names the board
    that gives no list (the same board throughout), every other field cites that board's own
    clause, and it fills each answer the plan knows."""
    fields = data["records"]["fields"]
    from_basis = [index for index, field in enumerate(fields)
                  if field["source"].startswith(BASIS)]
    if not from_basis:
        return
    named: dict[int, str] = {}
    for index in from_basis:
        found = NO_LIST.search(fields[index]["source"])
        if found:
            named[index] = found.group(1).strip()
        else:
            yield ("records", "fields", index, "source"), (
                "a field from the basis names the board that gives no list of its own, e.g. "
                f"'{BASIS} NEL recording template (Exampleshire gives no list)'")
    board = named[min(named)] if named else None
    for index, field in enumerate(fields):
        where = ("records", "fields", index, "source")
        if index in named and named[index] != board:
            yield where, (f"names {named[index]!r} as the board that gives no list, but the "
                          f"first field from the basis names {board!r}: name the same board")
        elif board and not field["source"].startswith((BASIS, board)):
            yield where, (f"cite {board}'s own clause (a source starting {board!r}), or say "
                          f"that the field comes from the basis ('{BASIS} ...')")
    filled = {field.get("fill") for field in fields}
    missing = [fill for fill in BASIS_FILLS if fill not in filled]
    if missing:
        yield ("records", "fields"), (
            f"a record built on the basis fills what the plan knows: give a field fill: "
            f"{', '.join(missing)}")


def _date_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    document = data["source_document"]
    dated = [(("source_document", "dates", i, "date"), e["date"])
             for i, e in enumerate(document["dates"])]
    if document["review"]["due"]:
        dated.append((("source_document", "review", "due"), document["review"]["due"]))
    extra = data["extra_non_working_days"]
    dated += [(("extra_non_working_days", i, "date"), e["date"]) for i, e in enumerate(extra)]
    for where, text in dated:
        if not _real_date(text):
            yield where, f"{text} is not a real date"
    yield from _unique(extra, "date", "extra_non_working_days")
    for index, entry in enumerate(extra):
        if _real_date(entry["date"]) and date.fromisoformat(entry["date"]).weekday() >= 5:
            yield ("extra_non_working_days", index, "date"), (
                f"{entry['date']} is a weekend day, which is never a working day anyway")


def _history_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """Real dates, oldest first (a month sorts with any day in it); undated only if alone."""
    history, previous = data["history"], None
    for index, entry in enumerate(history):
        where, text = ("history", index, "date"), entry["date"]
        if text is None:
            if len(history) > 1:
                yield where, "only a history of one entry may be undated: give each a date"
        elif not _real_date(text):
            yield where, f"{text} is not a real date"
        else:
            common = min(len(text), len(previous or ""))
            if previous and text[:common] < previous[:common]:
                yield where, f"{text} is earlier than the entry above ({previous}): " \
                             "list the versions oldest first"
            previous = text


def _id_rule(data: dict, file_id: str) -> Iterator[tuple[Path_, str]]:
    if data["id"] != file_id:
        yield ("id",), f"must match the file name: expected {file_id!r}, not {data['id']!r}"


def _reporting_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """The stage whose start the Board asks to be told of is one of this file's."""
    stage, last = (data.get("reporting") or {}).get("stage"), len(data["stages"])
    if stage is not None and stage > last:
        yield ("reporting", "stage"), f"there is no stage {stage} (stages 1 to {last})"


#: What a glossary term is compared by: case, spaces, hyphens and dots aside ("NEL SCP" is
#: "nel-scp"), so that one board cannot define a term twice under two spellings.
_NOT_IN_KEY = re.compile(r"[^0-9a-z]+")


def term_key(term: str) -> str:
    return _NOT_IN_KEY.sub("", term.casefold())


def _glossary_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """A board defines each term once. (A term used nowhere else in the file is fine: the
    glossary explains the procedure's words, not only the file's.)"""
    seen: dict[str, int] = {}
    for index, entry in enumerate(data.get("glossary") or []):
        key = term_key(entry["term"])
        if key in seen:
            first = data["glossary"][seen[key]]["term"]
            yield ("glossary", index, "term"), (
                f"{entry['term']!r} is given twice (as {first!r} at glossary[{seen[key]}]): "
                "one entry per term")
        seen.setdefault(key, index)


def _link_rules(data: dict) -> Iterator[tuple[Path_, str]]:
    """The board's links are https (or www., linked over https), and the procedure's address
    agrees with the one `source_document` gives."""
    links = data.get("links") or {}
    for kind, link in links.items():
        if link.get("url", "").startswith("http://"):
            yield ("links", kind, "url"), (
                "the site links over https only: leave `url` out and say in `note` that the "
                "procedure gives only an http:// address")
    stated, given = data["source_document"]["url"], links.get("procedure", {}).get("url")
    if stated and given and stated != given:
        yield ("links", "procedure", "url"), (
            f"the procedure's address differs from source_document.url ({stated!r}): the "
            "procedure gives one address for itself; use the same")


#: Each rule, with the top-level parts it reads: it runs when those parts passed the schema.
RULES: list[tuple[Callable[[dict], Iterable[tuple[Path_, str]]], tuple[str, ...]]] = [
    (_event_rules, ("events",)),
    (_stage_rules, ("stages", "events")),
    (_guidance_rules, ("stages", "ladder")),
    (_deadline_rules, ("deadlines", "stages", "events")),
    (_agency_rules, ("agencies", "stages")),
    (_unclear_rules, ("unclear", "stages", "agencies")),
    (_record_rules, ("records",)),
    (_basis_rules, ("records",)),
    (_date_rules, ("source_document", "extra_non_working_days")),
    (_history_rules, ("history",)),
    (_ladder_rules, ("ladder", "final_say")),
    (_partner_rules, ("partners",)),
    (_stage_agency_rules, ("stages", "agencies")),
    (_other_agency_rules, ("agencies",)),
    (_reporting_rules, ("reporting", "stages")),
    (_glossary_rules, ("glossary",)),
    (_link_rules, ("links", "source_document")),
]


def rule_problems(data: dict, file_id: str,
                  broken: set[str | int] = frozenset()) -> Iterator[tuple[Path_, str]]:
    """The rules a schema cannot express, each on the parts of `data` that passed it."""
    if WHOLE in broken:
        return
    if "id" not in broken:
        yield from _id_rule(data, file_id)
    for rule, reads in RULES:
        if not broken.intersection(reads):
            yield from rule(data)


# ---------------------------------------------------------------------------------------------
# Branding (optional): an accent white text can sit on, and a logo file that is there

MIN_CONTRAST = 4.5  # WCAG 2.2 AA, normal text: the header's and buttons' white text


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white against #rrggbb (relative luminance, sRGB)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                        for c in channels]
    return 1.05 / (0.2126 * red + 0.7152 * green + 0.0722 * blue + 0.05)


def policies_folder(path: Path) -> Path:
    """The folder a logo path is relative to: the board file's own folder, or the one above
    (for a file in a sub-folder such as policies/template/), whichever has schema.json."""
    parent = path.resolve().parent
    return next((folder for folder in (parent, parent.parent)
                 if (folder / SCHEMA_FILE).is_file()), parent)


def _logo_problem(logo: str, policies: Path) -> str | None:
    """What is wrong with the logo's path, or None. Any text may come here: a name too long
    for the system, a NUL or a loop of links is a bad path, not an error."""
    shown = _quoted(logo)
    try:
        if Path(logo).suffix.lower() not in (".svg", ".png"):
            return f"must be an SVG or PNG file (.svg or .png), not {shown}"
        target = (policies / logo).resolve()
        if Path(logo).is_absolute() or not target.is_relative_to(policies.resolve()):
            return f"must be a path inside {policies.name}/, not {shown}"
        found = target.is_file()
    except (OSError, ValueError, RuntimeError):  # RuntimeError: Python 3.11's loop of links
        found = False
    if not found:
        return f"no file {shown} in {policies.name}/ (the path is relative to {policies.name}/)"
    return None


def source_copy_problems(data: dict, policies: Path) -> Iterator[tuple[Path_, str]]:
    """The plain-text copy of the procedure the board commits, where it names one, is there."""
    copy = data["source_document"].get("copy")
    if not copy:
        return
    try:
        found = (policies / copy).is_file()
    except (OSError, ValueError):
        found = False
    if not found:
        yield ("source_document", "copy"), (
            f"no file {_quoted(copy)} in {policies.name}/ (the path is relative to "
            f"{policies.name}/; commit the plain-text copy there, or leave `copy` out)")


def branding_problems(data: dict, policies: Path) -> Iterator[tuple[Path_, str]]:
    branding = data.get("branding")
    if not branding:
        return
    ratio = contrast_with_white(branding["accent"])
    if ratio < MIN_CONTRAST:
        yield ("branding", "accent"), (
            f"{branding['accent']} has a contrast ratio of {int(ratio * 100) / 100}:1 with "
            f"white text, below {MIN_CONTRAST}:1: choose a darker colour")
    problem = _logo_problem(branding["logo"], policies)
    if problem:
        yield ("branding", "logo"), problem


# ---------------------------------------------------------------------------------------------
# Training scenarios: each step is valid calculator input, and what `expect` states is what the
# calculator says (run only on data that has passed every other rule, so that a broken stage or
# agency is told once, where it is, and not again in every scenario that uses it)


def _input_error_path(error: InputError, scenario: Path_, step: Path_, values: dict) -> Path_:
    """Where in the file an InputError's field is: the scenario's `raised` or `agency`, or the
    step's `today`, or the very entry of its `started` or `agreed`."""
    field = error.field or ""
    name, _, number = field.partition(".")
    if name in ("raised", "agency"):
        return (*scenario, name)
    if name == "today":
        return (*step, "today")
    if name in ("started", "agreed"):
        keys = [key for key in (values.get(name) or {}) if str(key) == number]
        return (*step, name, keys[0]) if keys else (*step, name)
    return step


def _kept_dates(step: dict, before: dict, where: Path_) -> Iterator[tuple[Path_, str]]:
    """A step's `started` and `agreed` keep every date the ladder step before it gave."""
    for name in ("started", "agreed"):
        now = {str(key): value for key, value in (step.get(name) or {}).items()}
        for key, value in (before.get(name) or {}).items():
            if str(key) not in now:
                yield (*where, name), (
                    f"leaves out stage {key} ({value}) from the step before: each step keeps "
                    "every date given before it")
            elif now[str(key)] != value:
                yield (*where, name, str(key)), (
                    f"stage {key} was {value} in the step before, not {now[str(key)]}: each "
                    "step keeps every date given before it")


def _scenario_problems(data: dict, index: int, scenario: dict,
                       calendar: dict) -> Iterator[tuple[Path_, str]]:
    here: Path_ = ("scenarios", index)
    agencies = [agency["id"] for agency in data["agencies"]] + [ANY_AGENCY]
    unclear = {item["id"] for item in data["unclear"]}
    for position, item in enumerate(scenario.get("touches") or []):
        if item not in unclear:
            yield (*here, "touches", position), f"no unclear entry {item!r} in this file"
    if scenario["agency"] not in agencies:
        yield (*here, "agency"), (
            f"no agency {scenario['agency']!r} in this file (choose one of: "
            f"{', '.join(agencies)})")
        return
    previous_today, ladder_before = None, None
    for number, step in enumerate(scenario["steps"]):
        where = (*here, "steps", number)
        if previous_today and step["today"] < previous_today:
            yield (*where, "today"), (
                f"{step['today']} is earlier than the step before ({previous_today}): list "
                "the steps in date order")
        previous_today = step["today"]
        if step_route(step) == LADDER:
            if ladder_before is not None:
                yield from _kept_dates(step, ladder_before, where)
            ladder_before = step
        try:
            answer = step_answer(data, scenario, step, calendar)
        except InputError as error:
            path = _input_error_path(error, here, where, step)
            yield path, f"not valid calculator input: {error}"
            if len(path) == len(here) + 1:  # the scenario's own date: every step would repeat it
                return
            continue
        for key, message in expectation_mismatches(step, answer):
            yield ((*where, "expect", key) if key else (*where, "expect")), message


def scenario_problems(data: dict, calendar: dict,
                      broken: set[int] = frozenset()) -> Iterator[tuple[Path_, str]]:
    """Each scenario played through the calculator; `broken` are the indexes of scenarios the
    schema found a problem in (not played)."""
    if not broken:
        yield from _unique(data["scenarios"], "id", "scenarios")
    for index, scenario in enumerate(data["scenarios"]):
        if index not in broken:
            yield from _scenario_problems(data, index, scenario, calendar)


# ---------------------------------------------------------------------------------------------
# A whole file


@cache
def _calendar_table() -> dict:
    from .holiday_table import calendar_data  # CPython only: the page passes its own table

    return calendar_data()


#: Golden cases (tests/golden/<id>.yaml, counted by hand) with answers, for a complete entry.
GOLDEN_ANSWERS_FOR_COMPLETE_ENTRY = 8
GOLDEN_FOLDER = Path("tests") / "golden"


@dataclass(frozen=True)
class Checked:
    """A board file's problems (each an error), its notes (what a complete entry still needs:
    the board appears without it) and its data (to be used only when there are no problems)."""

    problems: list[Problem]
    notes: list[Problem]
    data: object


def golden_answers(golden_file: Path) -> int:
    """How many of the file's golden cases state an answer (0 if there is no file)."""
    if not golden_file.is_file():
        return 0
    try:
        data = parse_policy(read_policy_file(golden_file, str(golden_file)), "").data
    except PolicyFileError:
        return 0
    cases = data.get("cases") if isinstance(data, dict) else None
    return sum(1 for case in cases or [] if isinstance(case, dict) and "expect" in case)


def golden_file_for(path: Path) -> Path:
    """tests/golden/<id>.yaml of the project the board file belongs to."""
    return policies_folder(path).parent / GOLDEN_FOLDER / f"{path.stem}.yaml"


def check_file(path: Path, shown_as: str, schema: dict) -> list[Problem]:
    return load_checked(path, shown_as, schema)[0]


def check_path(path: Path, shown_as: str, schema: dict) -> Checked:
    """The command line's check of one file: its folder gives its logo and golden cases."""
    try:
        text = read_policy_file(path, shown_as)
    except PolicyFileError as error:
        return Checked([error.problem], [], None)
    golden = golden_file_for(path)
    return check_board(text, path.stem, shown_as, schema, _calendar_table(),
                       policies_folder(path), (golden_answers(golden), _shown_golden(golden)))


def _shown_golden(golden: Path) -> str:
    return f"{GOLDEN_FOLDER.as_posix()}/{golden.name}"


def load_checked(path: Path, shown_as: str, schema: dict) -> tuple[list[Problem], object]:
    """The file's problems, and its data (to be used only when there are none)."""
    checked = check_path(path, shown_as, schema)
    return checked.problems, checked.data


def check_text(text: str, file_id: str, shown_as: str, schema: dict, calendar: dict,
               folder: Path | None) -> tuple[list[Problem], object]:
    """A board file's problems, and its data."""
    checked = check_board(text, file_id, shown_as, schema, calendar, folder, None)
    return checked.problems, checked.data


def check_board(text: str, file_id: str, shown_as: str, schema: dict, calendar: dict,
                folder: Path | None, golden: tuple[int, str] | None) -> Checked:
    """Pure but for `folder`, where the files the board names (its logo) are looked for; None
    skips those checks (the in-browser check, which has only the one file). `golden` is the
    number of golden cases with answers and where they are; None when they cannot be seen."""
    try:
        loaded = parse_policy(text, shown_as)
    except PolicyFileError as error:
        return Checked([error.problem], [], None)
    problems = []
    if not text.startswith(SCHEMA_LINE + "\n"):
        problems.append(Problem(shown_as, 1, "", f"the first line must be '{SCHEMA_LINE}'"))
    for where, line in loaded.duplicates:
        problems.append(Problem(shown_as, line, format_path(where), "this key is given twice"))
    problems += [Problem(shown_as, loaded.line_of(where), format_path(where), message)
                 for where, message in _content_problems(loaded, file_id, schema, calendar, folder)]
    notes = [] if problems else entry_notes(loaded, shown_as, calendar, golden)
    return Checked(problems, notes, loaded.data)


def _content_problems(loaded: LoadedPolicy, file_id: str, schema: dict, calendar: dict,
                      folder: Path | None) -> list[tuple[Path_, str]]:
    """Every problem in one pass: the schema's, then each rule on the parts that passed it,
    then the scenarios, played only once the rest of the file is sound (a broken agency list is
    told once, where it is, not again in every scenario that uses it)."""
    errors = _schema_errors(loaded, schema)
    found = [_schema_message(error, loaded.data) for error in errors]
    broken = broken_parts(errors)
    if WHOLE in broken:
        return found
    data = loaded.data
    found += rule_problems(data, file_id, broken)
    if folder is not None and "branding" not in broken:
        found += branding_problems(data, folder)
    if folder is not None and "source_document" not in broken:
        found += source_copy_problems(data, folder)
    broken_scenarios = {tuple(error.absolute_path)[1] for error in errors
                        if tuple(error.absolute_path)[:1] == ("scenarios",)
                        and len(error.absolute_path) > 1}
    rest_is_sound = not [where for where, _ in found if where[:1] != ("scenarios",)] and \
        not broken - {"scenarios"}
    if rest_is_sound and (broken_scenarios or "scenarios" not in broken):
        found += scenario_problems(data, calendar, broken_scenarios)
    return sorted(found, key=lambda problem: loaded.line_of(problem[0]))


def entry_notes(loaded: LoadedPolicy, shown_as: str, calendar: dict,
                golden: tuple[int, str] | None) -> list[Problem]:
    """What a complete entry still needs, on a file with no problems."""
    data = loaded.data
    line = loaded.line_of(("scenarios",))
    notes = [Problem(shown_as, line, NOTE, gap) for gap in training_gaps(data, calendar)]
    if golden is not None and golden[0] < GOLDEN_ANSWERS_FOR_COMPLETE_ENTRY:
        count, where = golden
        notes.append(Problem(shown_as, 1, NOTE, (
            f"{count} golden case(s) in {where}: a complete entry has at least "
            f"{GOLDEN_ANSWERS_FOR_COMPLETE_ENTRY}, counted by hand from the procedure and a "
            "printed calendar (docs/adding-a-board.md)")))
    notes += [Problem(shown_as, loaded.line_of(where), NOTE, note)
              for where, note in facilitator_notes(data)]
    return notes


def facilitator_notes(data: dict) -> Iterator[tuple[Path_, str]]:
    """A scenario without a trainer's notes is a note, not a problem: the schema leaves them
    optional, so a board adding itself need not write them at once."""
    for index, scenario in enumerate(data["scenarios"]):
        if "facilitator" not in scenario:
            yield ("scenarios", index), (
                f"scenario {scenario['id']!r} has no notes for the facilitator (facilitator: "
                "objectives, minutes, discussion): its training page shows none")
