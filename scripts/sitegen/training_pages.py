"""The training pages, generated from each board's `scenarios:` with the answers the calculator
works out for them (calculator/training.py, run at build time by CPython, the same code the page
runs under Pyodide):

    training.md                    every board's scenarios, for trainers
    boards/<id>/training.md        step through each scenario: question, then the answer on request
    boards/<id>/presenter.md       the same, large, one step per screen, moved on by keyboard
    boards/<id>/handout.md         the questions to print, then the answers on a separate page
    boards/<id>/quiz.md            multiple-choice questions a learner marks in the page

Each is a template in templates/ (training.md.j2, board_training.md.j2, board_presenter.md.j2,
board_handout.md.j2; an answer is _answer_ladder.md.j2 or _answer_immediate.md.j2), rendered
as pages.py renders the others, escaping included. Without JavaScript every page still works:
answers are native disclosure widgets (<details>), and the presenter view shows every step one
after another.

The training page ends each scenario with its notes for the facilitator (the scenario's
`facilitator:`, in a closed disclosure); the handout and the presenter view, which learners see,
leave them out. The quiz's questions are built here from the calculator's answers (quiz.js in the
page only shows, hides and counts): the right option is the answer itself, the wrong ones come
from the same board's data, and every sentence, the marks included, is written here.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from calculator.dates import human_date
from calculator.plan import contact_for
from calculator.policy import ANY_AGENCY, board_from_data
from scripts.sitegen.pages import Md, register, render

Worked = Sequence[tuple[Mapping, list[dict]]]


def _agency_name(board: Mapping, agency_id: str | None) -> str:
    for agency in board["agencies"]:
        if agency["id"] == agency_id:
            return agency["name"]
    return "an agency the procedure does not name (its general roles apply)"


def _touched_items(board: Mapping, scenario: Mapping) -> list[Mapping]:
    """The places where the procedure is unclear that the scenario runs into, whole."""
    by_id = {item["id"]: item for item in board["unclear"]}
    return [by_id[item] for item in scenario.get("touches") or [] if item in by_id]


def _touched_topics(board: Mapping, scenario: Mapping) -> list[str]:
    return [item["topic"] for item in _touched_items(board, scenario)]


def ladder_answer_md(answer: Mapping) -> str:
    return render("_answer_ladder.md.j2", answer=answer)


def immediate_answer_md(answer: Mapping) -> str:
    return render("_answer_immediate.md.j2", answer=answer)


def answer_md(answer: Mapping) -> str:
    return ladder_answer_md(answer) if answer["kind"] == "ladder" else immediate_answer_md(answer)


def facilitator_md(facilitator: Mapping) -> str:
    """A scenario's notes for the facilitator: objectives, time, questions with their points."""
    return render("_facilitator.md.j2", facilitator=facilitator)


register(answer=lambda answer: Md(answer_md(answer)),
         facilitator=lambda notes: Md(facilitator_md(notes)))


def _page(template: str, board: Mapping, worked: Worked, **values: object) -> str:
    return render(template, board=board, worked=worked, agency_name=_agency_name,
                  touched_topics=_touched_topics, touched_items=_touched_items, **values) + "\n"


def training_page(board: Mapping, worked: Worked) -> str:
    """`boards/<id>/training.md`: each scenario's steps, the answer under each on request."""
    return _page("board_training.md.j2", board, worked)


def presenter_page(board: Mapping, worked: Worked) -> str:
    """`boards/<id>/presenter.md`: one step per screen (escalation.js), large type."""
    in_order = [(number, scenario, step)
                for number, (scenario, steps) in enumerate(worked, 1) for step in steps]
    slides = [{"index": index, "scenario_number": number, "scenario": scenario, "step": step}
              for index, (number, scenario, step) in enumerate(in_order, 1)]
    return _page("board_presenter.md.j2", board, worked, slides=slides, total=len(slides),
                 scenarios=len(worked))


def handout_page(board: Mapping, worked: Worked) -> str:
    """`boards/<id>/handout.md`: questions with room to write, then (on a new printed page)
    the answers."""
    return _page("board_handout.md.j2", board, worked)


# ---------------------------------------------------------------------------------------------
# The quiz: multiple-choice questions built from the calculator's answers

#: The options a question offers at most: the right one and up to three wrong ones.
MAX_OPTIONS = 4
OPTION_VALUES = "abcd"
#: The order of a step's questions on the page.
QUIZ_KINDS = ("risk", "stage", "contact", "due")

MARK_RIGHT = "Correct."
SHOW_ANSWER = "Show the answer"
CHECK_BUTTON = "Check my answers"

#: What a question maker gives: the question, the right option (the calculator's answer), the
#: wrong options, why the right one is right, and the source of that.
Made = tuple[str, str, list[str], str, str]


def _day(iso: str) -> str:
    return human_date(date.fromisoformat(iso))


def _stop(text: str) -> str:
    """`text` with one full stop at its end, so that it ends a sentence."""
    return text.rstrip().rstrip(".") + "."


def _quoted(option: str) -> str:
    """An option as a sentence quotes it: in quotation marks, with no full stop of its own."""
    return f"\u201c{option.rstrip().rstrip('.')}\u201d"


def _nearest(items: Iterable[tuple[int, str]], to: int, count: int) -> list[str]:
    """Up to `count` distinct texts, those whose number is nearest `to` first, in the order of
    their numbers: the wrong options that are closest to the right one."""
    seen: dict[str, int] = {}
    for number, text in sorted(items, key=lambda item: (abs(item[0] - to), item[0])):
        if text.casefold() not in {known.casefold() for known in seen}:
            seen[text] = number
    return sorted(list(seen)[:count], key=seen.__getitem__)


def _stage_question(board: Mapping, scenario: Mapping, steps: list[dict],
                    step: dict) -> Made:
    answer = step["answer"]
    right = f"Stage {answer['stage']}: {answer['stage_title']}"
    others = [(stage["number"], f"Stage {stage['number']}: {stage['title']}")
              for stage in board["stages"] if stage["number"] != answer["stage"]]
    return (f"Which stage is it on {_day(step['today'])}?", right,
            _nearest(others, answer["stage"], MAX_OPTIONS - 1),
            _stop(answer["heading"]), answer["stage_source"])


def _contact_question(board: Mapping, scenario: Mapping, steps: list[dict],
                      step: dict) -> Made:
    answer = step["answer"]
    model = board_from_data(board)
    agency = scenario.get("agency") or ANY_AGENCY
    others = [(stage.number, contact_for(model, stage, agency)["contact"])
              for stage in model.stages if stage.number != answer["stage"]]
    others = [(number, role) for number, role in others
              if role.casefold() != answer["contact"].casefold()]
    note = f" {_stop(answer['contact_note'])}" if answer.get("contact_note") else ""
    return (f"On {_day(step['today'])}, whom do you contact?", answer["contact"],
            _nearest(others, answer["stage"], MAX_OPTIONS - 1),
            f"At stage {answer['stage']}, contact: {_stop(answer['contact'])}{note}",
            answer["contact_source"])


def _computed_dates(steps: list[dict], step: dict) -> list[str]:
    """Every date the calculator worked out for the scenario's steps (due dates, other readings,
    overall deadlines), but the other readings of the step asked about, which are not wrong."""
    found = []
    for other in steps:
        answer = other["answer"]
        if answer["kind"] != "ladder":
            continue
        found.append(answer["due"])
        if other is not step:
            found += [alternative["due"] for alternative in answer["alternative_dues"]]
        found += [deadline["due"] for deadline in answer["deadlines"]]
    return [day for day in found if day]


def _due_question(board: Mapping, scenario: Mapping, steps: list[dict],
                  step: dict) -> Made:
    answer = step["answer"]
    due = date.fromisoformat(answer["due"])
    # The calculator's other dates for this scenario first; then, if there are too few, the
    # scenario's own days (raised, each step's day), which a learner may take for the answer.
    own_days = [scenario["raised"], *(other["today"] for other in steps)]
    ordered = []
    for rank, days in enumerate((_computed_dates(steps, step), own_days)):
        ordered += sorted({(rank, abs((date.fromisoformat(d) - due).days), d) for d in days
                           if d != answer["due"]})
    chosen: list[str] = []
    for _, _, day in ordered:
        if day not in chosen and len(chosen) < MAX_OPTIONS - 1:
            chosen.append(day)
    return (f"On {_day(step['today'])}, by what date is stage {answer['stage']} due?",
            human_date(due), [_day(day) for day in sorted(chosen)],
            f"{_stop(answer['due_text'])} {answer['timescale']}", answer["timescale_source"])


def _risk_question(board: Mapping, scenario: Mapping, steps: list[dict],
                   step: dict) -> Made:
    answer = step["answer"]
    before = [other["answer"]["stage"] for other in steps
              if other["number"] < step["number"] and other["answer"]["kind"] == "ladder"]
    stage = before[-1] if before else 1
    titles = {item["number"]: item["title"] for item in board["stages"]}
    wrong = [f"Carry on with the ladder: stage {stage}, {titles[stage]}"]
    if stage + 1 in titles:
        wrong.append(f"Go up the ladder: stage {stage + 1}, {titles[stage + 1]}")
    contacts = "; ".join(contact["name"] for contact in answer["contacts"])
    route = f" The route: {_stop(contacts)}" if contacts else ""
    return (f"On {_day(step['today'])}, what do you do?", answer["lead"], wrong,
            f"{_stop(answer['summary'])}{route} {answer['emergency']}", answer["source"])


_QUESTION_MAKERS: dict[str, Callable[..., Made]] = {
    "stage": _stage_question, "contact": _contact_question, "due": _due_question,
    "risk": _risk_question,
}


def _asked(steps: list[dict]) -> list[tuple[dict, str]]:
    """Which step each kind of question is asked about: whom to contact at the first ladder
    step, which stage at the last, the due date at the first that has one, and what to do at
    the first immediate-risk step; in step order."""
    ladder = [step for step in steps if step["answer"]["kind"] == "ladder"]
    dated = [step for step in ladder if step["answer"]["due"]]
    risk = [step for step in steps if step["answer"]["kind"] != "ladder"]
    asked = [(ladder[-1], "stage"), (ladder[0], "contact")] if ladder else []
    asked += [(dated[0], "due")] if dated else []
    asked += [(risk[0], "risk")] if risk else []
    return sorted(asked, key=lambda pair: (pair[0]["number"], QUIZ_KINDS.index(pair[1])))


def _right_place(key: str, count: int) -> int:
    """Where the right option goes among `count`: fixed by `key`, so that every build puts it in
    the same place, and spread over the places, so that it is not always first."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % count


def quiz_questions(board: Mapping, scenario: Mapping, steps: list[dict]) -> list[dict]:
    """The scenario's quiz: a few questions, each with the calculator's answer as its right
    option and wrong ones from the same board's data, and every sentence the page shows. A
    question with no wrong option to offer is left out."""
    questions = []
    shown_story: set[int] = set()
    for step, kind in _asked(steps):
        asked, right, wrong, why, source = _QUESTION_MAKERS[kind](board, scenario, steps, step)
        wrong = [text for text in wrong if text.casefold() != right.casefold()]
        if not wrong:
            continue
        ident = f"{scenario['id']}-q{len(questions) + 1}"
        place = _right_place(f"{board['id']}/{ident}/{kind}", len(wrong) + 1)
        texts = [*wrong[:place], right, *wrong[place:]]
        options = [{"value": OPTION_VALUES[i], "id": f"{ident}-{OPTION_VALUES[i]}", "text": text,
                    "right": i == place} for i, text in enumerate(texts)]
        questions.append({
            "id": ident, "kind": kind, "step": step["number"], "question": asked,
            "story": None if step["number"] in shown_story else step["story"],
            "options": options, "right": OPTION_VALUES[place], "right_text": right,
            "why": why, "source": source,
            "marks": {"right": MARK_RIGHT, "wrong": f"Not quite: the answer is {_quoted(right)}.",
                      "none": f"No answer chosen: the answer is {_quoted(right)}."},
        })
        shown_story.add(step["number"])
    return questions


def score_words(total: int) -> str:
    """The score's sentence; the page puts the number right in place of {score}."""
    noun = "question" if total == 1 else "questions"
    return f"Your score: {{score}} of {total} {noun} right."


def quiz_page(board: Mapping, worked: Worked) -> str:
    """`boards/<id>/quiz.md`: each scenario's questions, marked in the page (quiz.js)."""
    quizzes = [(scenario, quiz_questions(board, scenario, steps)) for scenario, steps in worked]
    return _page("board_quiz.md.j2", board, worked, quizzes=quizzes, score_words=score_words,
                 show_answer=SHOW_ANSWER, check_button=CHECK_BUTTON)


def training_index(boards: Sequence[Mapping]) -> str:
    """`training.md`: for trainers, every board's scenarios and views."""
    return render("training.md.j2", boards=boards) + "\n"


def training_pages(boards: Sequence[Mapping],
                   worked: Mapping[str, Worked]) -> dict[str, str]:
    """docs-relative path -> Markdown for every training page."""
    pages = {"training.md": training_index(boards)}
    for board in boards:
        steps = worked[board["id"]]
        if not steps:  # a board appears before its scenarios are written: no empty pages
            continue
        pages[f"boards/{board['id']}/training.md"] = training_page(board, steps)
        pages[f"boards/{board['id']}/presenter.md"] = presenter_page(board, steps)
        pages[f"boards/{board['id']}/handout.md"] = handout_page(board, steps)
        pages[f"boards/{board['id']}/quiz.md"] = quiz_page(board, steps)
    return pages
