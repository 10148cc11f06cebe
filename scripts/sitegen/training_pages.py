"""The training pages, generated from each board's `scenarios:` with the answers the calculator
works out for them (calculator/training.py, run at build time by CPython, the same code the page
runs under Pyodide):

    training.md                    every board's scenarios, for trainers
    boards/<id>/training.md        step through each scenario: question, then the answer on request
    boards/<id>/presenter.md       the same, large, one step per screen, moved on by keyboard
    boards/<id>/handout.md         the questions to print, then the answers on a separate page

Without JavaScript every page still works: answers are native disclosure widgets (<details>),
and the presenter view shows every step one after another.
"""

import json
from collections.abc import Mapping, Sequence
from datetime import date

from calculator.dates import human_date
from scripts.sitegen.pages import _blocks, _bullets, _count, escape_md, source_md

QUESTION_LINES = 4  # ruled lines under each question in the handout


def _day(iso: str) -> str:
    return human_date(date.fromisoformat(iso))


def _agency_name(board: Mapping, agency_id: str | None) -> str:
    for agency in board["agencies"]:
        if agency["id"] == agency_id:
            return agency["name"]
    return "an agency the procedure does not name (its general roles apply)"


def _touches(board: Mapping, scenario: Mapping) -> str:
    topics = {item["id"]: item["topic"] for item in board["unclear"]}
    touched = [escape_md(topics[item]) for item in scenario.get("touches") or [] if item in topics]
    if not touched:
        return ""
    return f"Touches where the procedure is unclear: {'; '.join(touched)}."


def scenario_intro(board: Mapping, scenario: Mapping) -> str:
    return _blocks(
        escape_md(scenario["summary"]),
        f"{escape_md(board['events'][0]['label'])}: {_day(scenario['raised'])}. "
        "The practitioner's agency: "
        f"{escape_md(_agency_name(board, scenario.get('agency')))}.",
        _touches(board, scenario),
    )


DEADLINE_WORDS = {"primary": "Overall deadline",
                  "alternative": "Another reading of the overall deadline"}


def ladder_answer_md(answer: Mapping) -> str:
    do_now = [f"**Do this now:** {escape_md(item['text'])} {source_md(item['source'])}"
              for item in answer.get("do_now", ())]
    lines = [
        f"**Stage {escape_md(answer['stage_of'])}: "
        f"{escape_md(answer['stage_title'])}.** {source_md(answer['stage_source'])}",
        *do_now,
        escape_md(answer["next_step"]),
        f"**Contact:** {escape_md(answer['contact'])}"
        + (f". {escape_md(answer['contact_note'])}" if answer.get("contact_note") else "")
        + f" {source_md(answer['contact_source'])}",
        f"**By:** {escape_md(answer['due_text'])}"
        + f". {escape_md(answer['timescale'])} {source_md(answer['timescale_source'])}",
    ]
    others = [f"Another reading: {escape_md(alt['due_text'])}: {escape_md(alt['words'])} "
              f"{source_md(alt['source'])}" for alt in answer.get("alternative_dues", ())]
    # The overall deadlines that apply on this day, with whether they have passed.
    others += [f"{DEADLINE_WORDS[entry['reading']]}, {escape_md(entry['label'])}: "
               f"{escape_md(entry['due_text'])}. {source_md(entry['source'])}"
               for entry in answer.get("deadlines", ())]
    unclear = [
        f"Where the procedure is unclear: {escape_md(item['topic'])}. "
        + " ".join(f"{escape_md(reading['text'])} {source_md(reading['source'])}"
                   for reading in item["readings"])
        + f" The calculator uses: {escape_md(item['we_use'])}"
        for item in answer.get("unclear", ())
    ]
    return _blocks(*lines, _bullets(others + unclear))


def immediate_answer_md(answer: Mapping) -> str:
    contacts = [
        f"{escape_md(contact['name'])}"
        + (f" ({escape_md(contact['for'])})" if contact.get("for") else "")
        + (f": {escape_md(contact['phone'])}" if contact.get("phone") else "")
        + (f" {source_md(contact['source'])}" if contact.get("source") else "")
        for contact in answer["contacts"]
    ]
    route = [f"{escape_md(answer['summary'])} {source_md(answer['source'])}", _bullets(contacts)]
    emergency = f"**{escape_md(answer['emergency'])}**"
    order = [*route, emergency] if answer["route_first"] else [emergency, *route]
    return _blocks(
        "**Not the escalation ladder: someone is at immediate risk.**",
        escape_md(answer["lead"]),
        *order,
    )


def answer_md(answer: Mapping) -> str:
    return ladder_answer_md(answer) if answer["kind"] == "ladder" else immediate_answer_md(answer)


def front_matter(title: str, hide: bool = False) -> str:
    """The page's title (and, for a full-screen page, no side navigation) as YAML."""
    hidden = "\nhide:\n  - navigation\n  - toc" if hide else ""
    return f"---\ntitle: {json.dumps(title)}{hidden}\n---"


def _details(title: str, body: str) -> str:
    """A closed disclosure (pymdownx.details): opened by click, Enter or Space, no script."""
    indented = "\n".join(f"    {line}" if line else "" for line in body.split("\n"))
    return f'??? info "{title}"\n\n{indented}'


def _step_heading(step: Mapping) -> str:
    return f"Step {step['number']}: {_day(step['today'])}"


def training_page(board: Mapping, worked: Sequence[tuple[Mapping, list[dict]]]) -> str:
    """`boards/<id>/training.md`: each scenario's steps, the answer under each on request."""
    parts = [
        f"# Training: {escape_md(board['name'])}",
        "Made-up cases to step through with new staff. At each step, read what has happened, "
        "then decide: what happens next, whom do you contact, and by when? Then open the answer. "
        "Every answer is worked out by the calculator from the procedure on this site, with the "
        "clause it comes from; the people and events are invented.",
        "For a session: the [presenter view](presenter.md) shows one step at a time in large "
        "type, and the [handout](handout.md) has the questions to print, with the answers on a "
        "separate page. The procedure itself is on the [board's page](../" + board["id"] + ".md).",
    ]
    for number, (scenario, steps) in enumerate(worked, 1):
        parts += [
            f"## Scenario {number}: {escape_md(scenario['title'])} "
            f"{{#{scenario['id']}}}",
            scenario_intro(board, scenario),
        ]
        for step in steps:
            parts += [
                f"### {_step_heading(step)} {{#{scenario['id']}-step-{step['number']}}}",
                escape_md(step["story"]),
                f"**{escape_md(step['question'])}**",
                _details("Show the answer", answer_md(step["answer"])),
            ]
    return _blocks(front_matter(f"Training: {board['short_name']}"), *parts) + "\n"


def presenter_page(board: Mapping, worked: Sequence[tuple[Mapping, list[dict]]]) -> str:
    """`boards/<id>/presenter.md`: one step per screen (escalation.js), large type."""
    total = sum(len(steps) for _, steps in worked)
    sections = []
    index = 0
    for number, (scenario, steps) in enumerate(worked, 1):
        for step in steps:
            index += 1
            sections.append(_blocks(
                f'<section class="presenter-step" markdown="1" data-step="{index}" '
                f'aria-label="Step {index} of {total}">',
                f"## Scenario {number}: {escape_md(scenario['title'])} "
                f"{{#step-{index}}}",
                f"**{_step_heading(step)}**" + (f". {escape_md(scenario['summary'])}"
                                                if step["number"] == 1 else ""),
                escape_md(step["story"]),
                f"**{escape_md(step['question'])}**",
                _details("Show the answer", answer_md(step["answer"])),
                "</section>",
            ))
    return _blocks(
        front_matter(f"Presenter view: {board['short_name']}", hide=True),
        f"# Training: {escape_md(board['short_name'])}, presenter view",
        '<div class="presenter-help" markdown="1">',
        f"{_count(total, 'step')} in {_count(len(worked), 'scenario')}. With JavaScript, one "
        "step shows at a time: **Right arrow**, **Page Down** or **Space** for the next step, "
        "**Left arrow** or **Page Up** for the one before, **A** to show the answer, **Home** and "
        "**End** for the first and last. Back to the [training page](training.md).",
        "</div>",
        '<div class="presenter" markdown="1">',
        *sections,
        "</div>",
    ) + "\n"


def handout_page(board: Mapping, worked: Sequence[tuple[Mapping, list[dict]]]) -> str:
    """`boards/<id>/handout.md`: questions with room to write, then (on a new printed page)
    the answers."""
    questions, answers = [], []
    for number, (scenario, steps) in enumerate(worked, 1):
        questions += [f"## Scenario {number}: {escape_md(scenario['title'])} "
                      f"{{#q-{scenario['id']}}}", scenario_intro(board, scenario)]
        answers.append(f"### Scenario {number}: {escape_md(scenario['title'])} "
                       f"{{#a-{scenario['id']}}}")
        for step in steps:
            questions += [
                f"**{_step_heading(step)}.** {escape_md(step['story'])}",
                f"{escape_md(step['question'])}",
                '<div class="handout-lines" aria-hidden="true">'
                + '<span></span>' * QUESTION_LINES + "</div>",
            ]
            answers += [f"**{_step_heading(step)}**", answer_md(step["answer"])]
    return _blocks(
        front_matter(f"Handout: {board['short_name']}", hide=True),
        f"# Training handout: {escape_md(board['name'])}",
        "Work through each case. Write what happens next, whom you contact, and by when. The "
        "answers follow on a separate page. The people and events are made up; the answers come "
        "from the procedure, worked out by the calculator.",
        *questions,
        '<div class="handout-answers" markdown="1">',
        "## Answers {#answers}",
        *answers,
        "</div>",
    ) + "\n"


def training_index(boards: Sequence[Mapping]) -> str:
    """`training.md`: for trainers, every board's scenarios and views."""
    rows = []
    for board in boards:
        base = f"boards/{board['id']}"
        if not board["scenarios"]:
            rows.append(f"**{escape_md(board['name'])}**: no made-up cases yet.")
            continue
        rows.append(
            f"**{escape_md(board['name'])}**: {_count(len(board['scenarios']), 'scenario')}: "
            f"[step through]({base}/training.md), [presenter view]({base}/presenter.md), "
            f"[printable handout]({base}/handout.md)."
        )
    return _blocks(
        front_matter("Training"),
        "# Training scenarios",
        "Each board has short made-up cases for induction sessions: a disagreement raised just "
        "before a bank holiday, one that climbs to the top of the ladder, one where someone is "
        "at immediate risk and the ladder is the wrong tool, and one that runs into a place "
        "where the procedure is unclear. At each step the learner says what happens next, whom "
        "they contact and by when; the answer, worked out by the calculator with its sources, "
        "is shown on request.",
        _bullets(rows),
        "Each board's scenarios are data in its file in `policies/` (`scenarios:`), checked by "
        "`python -m calculator check`: a scenario whose stated answer the calculator does not "
        "bear out is refused.",
    ) + "\n"


def training_pages(boards: Sequence[Mapping],
                   worked: Mapping[str, Sequence[tuple[Mapping, list[dict]]]]) -> dict[str, str]:
    """docs-relative path -> Markdown for every training page."""
    pages = {"training.md": training_index(boards)}
    for board in boards:
        steps = worked[board["id"]]
        if not steps:  # a board appears before its scenarios are written: no empty pages
            continue
        pages[f"boards/{board['id']}/training.md"] = training_page(board, steps)
        pages[f"boards/{board['id']}/presenter.md"] = presenter_page(board, steps)
        pages[f"boards/{board['id']}/handout.md"] = handout_page(board, steps)
    return pages
