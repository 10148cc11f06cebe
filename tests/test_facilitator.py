"""Facilitator notes per scenario (`facilitator:` in each board's YAML) and the self-marked quiz.

Every scenario of every board that exists has the notes, or `check` notes that it has none;
each point cites a clause of the board's own procedure, as the file's other facts do; the
training page shows the notes closed, the handout and the presenter view never. Each quiz
question's right option is the calculator's own answer, its wrong options come from the same
board's data and never repeat it or each other, and the quiz is the same on every build."""

import copy
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from calculator.dates import human_date
from calculator.plan import contact_for
from calculator.policy import ANY_AGENCY, board_from_data
from calculator.tools.checking import NOTE, check_board, facilitator_notes, load_schema
from calculator.tools.loading import load_policy
from calculator.training import scenario_steps
from conftest import BOARD_IDS, POLICIES
from scripts.sitegen.training_pages import quiz_page, quiz_questions, training_pages

TEMPLATE = POLICIES / "template" / "exampleshire.yaml"


#: The site's Markdown extensions (mkdocs.yml).
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "def_list",
              "pymdownx.details"]


class Html(HTMLParser):
    """What a reader gets from some HTML: its text, and its elements with their attributes."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.parts: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def with_class(self, name: str) -> list[dict]:
        return [attrs for _, attrs in self.elements if name in attrs.get("class", "").split()]

    def links(self) -> list[str]:
        return [attrs["href"] for tag, attrs in self.elements if tag == "a" and "href" in attrs]


Page = Html


def render(text: str) -> Page:
    """As MkDocs renders a generated page: the front matter is settings, not text."""
    if text.startswith("---\n"):
        text = text.split("---\n", 2)[2]
    return Page(markdown.markdown(text, extensions=EXTENSIONS))


def every_board(boards) -> dict[str, dict]:
    """The boards that exist, and the complete template (a board's officer copies it)."""
    template = load_policy(TEMPLATE, TEMPLATE.stem).data
    return {**boards, template["id"]: template}


@pytest.fixture(scope="module")
def all_boards(boards) -> dict[str, dict]:
    return every_board(boards)


@pytest.fixture(scope="module")
def worked(all_boards, calendar_table) -> dict[str, list]:
    return {board_id: [(scenario, scenario_steps(board, scenario, calendar_table))
                       for scenario in board["scenarios"]]
            for board_id, board in all_boards.items()}


@pytest.fixture(scope="module")
def quizzes(all_boards, worked) -> dict[tuple[str, str], list[dict]]:
    return {(board_id, scenario["id"]): quiz_questions(all_boards[board_id], scenario, steps)
            for board_id, pairs in worked.items() for scenario, steps in pairs}


# ---------------------------------------------------------------------------------------------
# The data


def test_every_scenario_has_notes_for_the_facilitator(all_boards):
    """A board may leave them out (check notes it); every board here has written them."""
    for board_id, board in all_boards.items():
        for scenario in board["scenarios"]:
            notes = scenario.get("facilitator")
            where = f"{board_id}/{scenario['id']}"
            assert notes, where
            assert 2 <= len(notes["objectives"]) <= 4, where
            assert isinstance(notes["minutes"], int) and 5 <= notes["minutes"] <= 90, where
            assert 2 <= len(notes["discussion"]) <= 4, where
            for item in notes["discussion"]:
                assert item["question"].strip() and item["points"], where
                for point in item["points"]:
                    assert point["text"].strip() and point["source"].strip(), where


def _sources(data: object, skip: str | None = None) -> list[str]:
    """Every `source` in the data but under `skip` (and the basis of a borrowed record)."""
    if isinstance(data, dict):
        found = [data["source"]] if isinstance(data.get("source"), str) else []
        return found + [source for key, value in data.items() if key != skip
                        for source in _sources(value, skip)]
    if isinstance(data, list):
        return [source for item in data for source in _sources(item, skip)]
    return []


#: A citation's leading words, the procedure's short name ("Kent & Medway", "NEL", "Surrey").
_NAME = re.compile(r"^((?:[A-Z][\w'&-]*|&)(?: (?:[A-Z][\w'&-]*|&))*),?")


def _clauses(source: str, name: str) -> list[str]:
    """The clauses a source cites, each without the procedure's name: 'Kent & Medway §1; §7,
    Stage 1' -> ['§1', '§7, Stage 1']."""
    parts = []
    for part in source.split(";"):
        part = part.strip()
        if part.startswith(name):
            part = part[len(name):]
        parts.append(part.strip().lstrip(",").strip())
    return parts


def test_each_point_cites_a_clause_the_board_file_cites_elsewhere(all_boards):
    """A point's source is written as the file's other sources are (starting with the
    procedure's name), and each clause in it is one the file's checked facts already cite, so
    no point rests on a clause the procedure does not have."""
    for board_id, board in all_boards.items():
        name = _NAME.match(board["stages"][0]["source"]).group(1)
        cited = {clause for source in _sources(board, skip="facilitator")
                 if not source.startswith("Basis:") for clause in _clauses(source, name)}
        for scenario in board["scenarios"]:
            for item in scenario["facilitator"]["discussion"]:
                for point in item["points"]:
                    source = point["source"]
                    assert source.startswith(name), (board_id, source)
                    unknown = [c for c in _clauses(source, name) if c not in cited]
                    assert unknown == [], (board_id, scenario["id"], source)


def test_the_clause_reader_reads_the_ways_sources_are_written():
    assert _NAME.match("Kent & Medway §1; §7, Stage 1").group(1) == "Kent & Medway"
    assert _NAME.match("NEL flowchart, Stage 1").group(1) == "NEL"
    assert _NAME.match("Worcestershire, Record of Escalation").group(1) == "Worcestershire"
    assert _clauses("Kent & Medway §1; §7, Stage 1", "Kent & Medway") == ["§1", "§7, Stage 1"]
    assert _clauses("NEL flowchart, Stage 5; NEL supporting guidance, Stage 5", "NEL") == [
        "flowchart, Stage 5", "supporting guidance, Stage 5"]
    assert _clauses("Worcestershire, Record of Escalation", "Worcestershire") == [
        "Record of Escalation"]


# ---------------------------------------------------------------------------------------------
# check: a scenario without notes is a note, never a problem


def _without_notes(text: str) -> str:
    """The board file with every scenario's `facilitator:` block (and its comments) cut out."""
    kept, cutting = [], False
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if line.startswith("    facilitator:"):
            cutting = True
            while kept and kept[-1].startswith("    #"):  # its comment lines above
                kept.pop()
            continue
        if cutting and line.strip() and indent <= 4 and not line.lstrip().startswith("#"):
            cutting = False
        if not cutting:
            kept.append(line)
    return "".join(kept)


def _check(text: str, board_id: str, calendar_table: dict):
    """`check` of a board file's text alone (no folder: its logo and plain-text copy are not
    looked for, nor its golden cases)."""
    return check_board(text, board_id, f"policies/{board_id}.yaml", load_schema(POLICIES),
                       calendar_table, None, None)


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_a_scenario_without_notes_is_noted_on_its_own_line(boards, calendar_table, board_id):
    text = (POLICIES / f"{board_id}.yaml").read_text(encoding="utf-8")
    bare = _without_notes(text)
    assert "facilitator:" not in bare
    checked = _check(bare, board_id, calendar_table)
    assert checked.problems == []
    noted = [note for note in checked.notes if "notes for the facilitator" in note.message]
    scenarios = boards[board_id]["scenarios"]
    assert [note.message.split("'")[1] for note in noted] == [s["id"] for s in scenarios]
    lines = bare.splitlines()
    for note, scenario in zip(noted, scenarios, strict=True):
        assert note.where == NOTE
        line = lines[note.line - 1].split(" #")[0].strip()  # a comment may follow the id
        assert line == f"- id: {scenario['id']}", note
    # With the notes in place, check notes nothing about them.
    checked = _check(text, board_id, calendar_table)
    assert checked.problems == []
    assert not [note for note in checked.notes if "facilitator" in note.message]


def test_the_note_rule_names_each_scenario_without_notes(boards):
    board = copy.deepcopy(next(iter(boards.values())))
    assert list(facilitator_notes(board)) == []
    del board["scenarios"][-1]["facilitator"]
    [(where, message)] = facilitator_notes(board)
    assert where == ("scenarios", len(board["scenarios"]) - 1)
    assert repr(board["scenarios"][-1]["id"]) in message


@pytest.mark.parametrize(("new", "message"), [
    ('"20"', "a whole number"), ("20.5", "a whole number"), ("2", "at least 5"),
])
def test_a_bad_block_is_a_problem_in_one_line_never_a_traceback(calendar_table, new, message):
    minutes = re.compile(r"^(      minutes: )\d+", re.M)
    board_id = next(board for board in BOARD_IDS
                    if minutes.search((POLICIES / f"{board}.yaml").read_text(encoding="utf-8")))
    text = (POLICIES / f"{board_id}.yaml").read_text(encoding="utf-8")
    checked = _check(minutes.sub(rf"\g<1>{new}", text, count=1), board_id, calendar_table)
    assert len(checked.problems) == 1, checked.problems
    assert checked.problems[0].where.endswith("facilitator.minutes")
    assert message in checked.problems[0].message


# ---------------------------------------------------------------------------------------------
# The pages: the training page shows the notes, closed; the learners' pages never do


def _details(html: str) -> list[tuple[str, str, bool]]:
    """Each top-level <details> of a rendered page: its summary, its text, whether open."""
    found = []
    for match in re.finditer(r"<details([^>]*)>(.*?)</details>", html, re.S):
        summary = re.search(r"<summary>(.*?)</summary>", match.group(2), re.S).group(1)
        found.append((summary.strip(), Html(match.group(2)).text, " open" in match.group(1)))
    return found


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_the_training_page_shows_each_scenarios_notes_closed(boards, worked, board_id):
    pages = training_pages([boards[board_id]], {board_id: worked[board_id]})
    if not boards[board_id]["scenarios"]:  # a board before its scenarios: no training pages
        assert f"boards/{board_id}/training.md" not in pages
        return
    html = render(pages[f"boards/{board_id}/training.md"])
    notes = [entry for entry in _details(html.source) if entry[0] == "For the facilitator"]
    scenarios = boards[board_id]["scenarios"]
    assert len(notes) == len(scenarios)
    for (_, text, opened), scenario in zip(notes, scenarios, strict=True):
        assert not opened
        facilitator = scenario["facilitator"]
        for objective in facilitator["objectives"]:
            assert objective in text
        assert f"{facilitator['minutes']} minutes" in text
        for item in facilitator["discussion"]:
            assert item["question"] in text
            for point in item["points"]:
                assert point["text"] in text and f"Source: {point['source']}" in text
    # The learners' pages: no notes at all.
    for page in ("handout", "presenter", "quiz"):
        text = render(pages[f"boards/{board_id}/{page}.md"]).text
        assert "For the facilitator" not in text, page
        for scenario in scenarios:
            for item in scenario["facilitator"]["discussion"]:
                assert item["question"] not in text, page
                assert all(point["text"] not in text for point in item["points"]), page


def test_the_training_page_and_the_index_link_the_quiz(boards, worked):
    board_list = [boards[board_id] for board_id in BOARD_IDS]
    pages = training_pages(board_list, {board_id: worked[board_id] for board_id in BOARD_IDS})
    index = render(pages["training.md"])
    for board in board_list:
        if board["scenarios"]:
            assert f"boards/{board['id']}/quiz.md" in index.links()
            assert "quiz.md" in render(pages[f"boards/{board['id']}/training.md"]).links()
            assert f"boards/{board['id']}/quiz.md" in pages


# ---------------------------------------------------------------------------------------------
# The quiz's questions


def _right(question: dict) -> dict:
    [right] = [option for option in question["options"] if option["right"]]
    return right


def test_each_scenario_has_a_few_questions(quizzes):
    for where, questions in quizzes.items():
        assert 2 <= len(questions) <= 4, where
        assert len({question["kind"] for question in questions}) == len(questions), where


def test_the_right_option_is_the_calculators_own_answer(all_boards, worked, quizzes):
    for (board_id, scenario_id), questions in quizzes.items():
        steps = dict((scenario["id"], steps) for scenario, steps in worked[board_id])[scenario_id]
        for question in questions:
            answer = steps[question["step"] - 1]["answer"]
            wanted = {
                "stage": lambda a: f"Stage {a['stage']}: {a['stage_title']}",
                "contact": lambda a: a["contact"],
                "due": lambda a: human_date(date.fromisoformat(a["due"])),
                "risk": lambda a: a["lead"],
            }[question["kind"]](answer)
            right = _right(question)
            where = (board_id, question["id"])
            assert right["text"] == question["right_text"] == wanted, where
            assert right["value"] == question["right"], where
            quoted = f"\u201c{wanted.rstrip('.')}\u201d"
            assert question["marks"]["wrong"] == f"Not quite: the answer is {quoted}."
            assert question["marks"]["none"] == f"No answer chosen: the answer is {quoted}."
            assert question["marks"]["right"] == "Correct."


def test_no_option_is_given_twice_and_no_wrong_one_is_right(quizzes):
    for where, questions in quizzes.items():
        for question in questions:
            texts = [option["text"].casefold() for option in question["options"]]
            assert len(texts) == len(set(texts)), (where, question["id"])
            assert 2 <= len(texts) <= 4
            assert [option["value"] for option in question["options"]] == list("abcd")[:len(texts)]


def test_the_wrong_options_come_from_the_same_boards_data(all_boards, worked, quizzes):
    for (board_id, scenario_id), questions in quizzes.items():
        board = all_boards[board_id]
        model = board_from_data(board)
        scenario, steps = next(pair for pair in worked[board_id] if pair[0]["id"] == scenario_id)
        agency = scenario.get("agency") or ANY_AGENCY
        stages = {f"Stage {stage['number']}: {stage['title']}" for stage in board["stages"]}
        roles = {contact_for(model, stage, agency)["contact"] for stage in model.stages}
        days = {scenario["raised"], *(step["today"] for step in steps)}
        for step in steps:
            answer = step["answer"]
            if answer["kind"] == "ladder":
                days |= {answer["due"], *(a["due"] for a in answer["alternative_dues"]),
                         *(d["due"] for d in answer["deadlines"])} - {None}
        shown_days = {human_date(date.fromisoformat(day)) for day in days}
        titles = {stage["title"] for stage in board["stages"]}
        for question in questions:
            for option in question["options"]:
                if option["right"]:
                    continue
                kind, text = question["kind"], option["text"]
                if kind == "stage":
                    assert text in stages
                elif kind == "contact":
                    assert text in roles
                elif kind == "due":
                    assert text in shown_days
                else:
                    assert any(text.endswith(f", {title}") for title in titles), text


def test_the_quiz_is_the_same_on_every_build_and_the_right_option_moves(all_boards, worked,
                                                                        quizzes):
    places = set()
    for (board_id, scenario_id), questions in quizzes.items():
        scenario, steps = next(pair for pair in worked[board_id] if pair[0]["id"] == scenario_id)
        again = quiz_questions(copy.deepcopy(all_boards[board_id]), copy.deepcopy(scenario),
                               copy.deepcopy(steps))
        assert again == questions
        places |= {question["options"].index(_right(question)) for question in questions}
    assert len(places) > 1, "the right option is always in the same place"


def test_the_quiz_page_is_radios_with_the_answer_under_each_question(all_boards, worked, quizzes):
    for board_id, board in all_boards.items():
        markdown = quiz_page(board, worked[board_id])
        html = render(markdown)
        assert "nothing you choose is stored or sent" in html.text
        fieldsets = [attrs for tag, attrs in html.elements if tag == "fieldset"]
        legends = [tag for tag, _ in html.elements if tag == "legend"]
        questions = [q for scenario in board["scenarios"]
                     for q in quizzes[(board_id, scenario["id"])]]
        assert len(fieldsets) == len(legends) == len(questions)
        for question in questions:
            block = re.search(rf'<div class="govuk-form-group quiz-question" '
                              rf'id="{question["id"]}" data-right="([a-d])">(.*?)</details>',
                              html.source, re.S)
            assert block and block.group(1) == question["right"], question["id"]
            part = Html(block.group(2) + "</details>")
            assert question["question"] in part.text
            radios = [attrs for tag, attrs in part.elements if tag == "input"]
            assert [r["value"] for r in radios] == [o["value"] for o in question["options"]]
            assert {r["type"] for r in radios} == {"radio"}
            assert {r["name"] for r in radios} == {question["id"]}
            labels = re.findall(r'<label class="govuk-label govuk-radios__label" for="([^"]+)">'
                                r"(.*?)</label>", block.group(2))
            assert [(i, Html(text).text) for i, text in labels] == [
                (o["id"], o["text"]) for o in question["options"]]
            marks = [attrs for tag, attrs in part.elements if "quiz-mark" in attrs.get("class", "")]
            assert [m["data-mark"] for m in marks] == ["right", "wrong", "none"]
            assert all("hidden" in m for m in marks)
            [(summary, text, opened)] = _details(block.group(2) + "</details>")
            assert summary == "Show the answer" and not opened
            assert f"The answer: {question['right_text']}" in text
            assert f"Source: {question['source']}" in text
        buttons = [attrs for tag, attrs in html.elements if tag == "button"]
        assert len(buttons) == len(board["scenarios"])
        assert all(b["type"] == "button" and "hidden" in b for b in buttons)
        scores = html.with_class("quiz-score")
        assert [s["role"] for s in scores] == ["status"] * len(board["scenarios"])
        assert all("{score}" in s["data-score"] for s in scores)
        # No form, so no choice can ever be sent: the page marks the answers itself.
        assert "<form" not in html.source


def test_data_that_looks_like_markup_stays_text_in_the_quiz(boards, worked):
    board_id = BOARD_IDS[0]
    board = copy.deepcopy(boards[board_id])
    board["stages"][0]["title"] = "Talk <b>first</b> & *then* escalate"
    scenario, steps = worked[board_id][0]
    steps = copy.deepcopy(steps)
    for step in steps:
        if step["answer"]["kind"] == "ladder" and step["answer"]["stage"] == 1:
            step["answer"]["stage_title"] = board["stages"][0]["title"]
    html = render(quiz_page(board, [(scenario, steps)]))
    assert "<b>" not in html.source.replace("&lt;b&gt;", "")
    assert "Talk <b>first</b> & *then* escalate" in html.text


def test_the_quiz_module_is_started_from_the_pages_script():
    script = Path(POLICIES.parent / "docs" / "assets" / "js" / "escalation.js").read_text(
        encoding="utf-8")
    assert 'import { startQuiz } from "./escalation/quiz.js";' in script
    assert "  startQuiz();\n" in script
    quiz = (POLICIES.parent / "docs" / "assets" / "js" / "escalation" / "quiz.js").read_text(
        encoding="utf-8")
    for never in ("localStorage", "sessionStorage", "cookie", "fetch(", "XMLHttpRequest",
                  "sendBeacon", "indexedDB"):
        assert never not in quiz, never
