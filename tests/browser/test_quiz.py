"""The quiz pages (boards/<id>/quiz/) in the browser, by keyboard alone: every answer right gives
the full score, with focus on it; one wrong answer is marked with the right one beside it; axe
finds nothing before or after marking; nothing is stored, and no request leaves the site (none
at all when the answers are checked); at 320 px nothing scrolls sideways. Without JavaScript,
each answer is in a closed disclosure under its question."""

import pytest
from playwright.sync_api import expect

from calculator.tools.holiday_table import calendar_data
from calculator.training import scenario_steps
from scripts.sitegen.data import load_boards
from scripts.sitegen.training_pages import CHECK_BUTTON, quiz_questions, score_words

from .test_accessibility import axe, axe_source, report  # noqa: F401 (fixture)

BOARDS = {board["id"]: board for board in load_boards() if board.get("scenarios")}
NARROW = {"width": 320, "height": 640}

ACTIVE = """() => {
  const node = document.activeElement;
  return {tag: node.tagName, type: node.type || "", name: node.name || "",
          value: node.value || "", checked: Boolean(node.checked),
          text: (node.textContent || "").trim(), className: node.className || ""};
}"""


def questions_of(board_id: str) -> list[tuple[dict, list[dict]]]:
    """Each scenario with its quiz questions, as the build makes them."""
    board, calendar = BOARDS[board_id], calendar_data()
    return [(scenario, quiz_questions(board, scenario, scenario_steps(board, scenario, calendar)))
            for scenario in board["scenarios"]]


def tab_to(page, wanted, limit: int = 80) -> dict:
    """Press Tab until the focused element is the one `wanted(active)` accepts."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if wanted(active):
            return active
    raise AssertionError(f"Tab never reached it; focus is on {page.evaluate(ACTIVE)}")


def choose_by_keyboard(page, question: dict, index: int) -> None:
    """Tab into the question's radios (focus lands on the first, unchosen), then Space chooses
    it or the arrow keys move to the option wanted, choosing as they go."""
    tab_to(page, lambda a: a["type"] == "radio" and a["name"] == question["id"])
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    active = page.evaluate(ACTIVE)
    assert active["checked"] and active["value"] == question["options"][index]["value"], active


def answer_scenario(page, scenario: dict, questions: list[dict], wrong: set[str]) -> None:
    """Answer every question of one scenario by keyboard (the right option, but a wrong one for
    the questions in `wrong`), then press the scenario's button with Enter."""
    page.locator(f"h2#{scenario['id']}").click()  # start from the scenario's heading
    for question in questions:
        right = [o["right"] for o in question["options"]].index(True)
        choose_by_keyboard(page, question, (right + 1) % len(question["options"])
                           if question["id"] in wrong else right)
    tab_to(page, lambda a: a["tag"] == "BUTTON" and a["text"] == CHECK_BUTTON)
    page.keyboard.press("Enter")


def quiz_of(page, scenario: dict):
    return page.locator(f"h2#{scenario['id']} ~ .quiz").first


def test_every_answer_right_by_keyboard_gives_the_full_score(open_page, axe_source):  # noqa: F811
    """On every board's quiz, each scenario's questions answered right by keyboard alone."""
    for board_id in BOARDS:
        visit = open_page(f"boards/{board_id}/quiz/")
        page = visit.page
        violations = axe(page, axe_source)
        assert not violations, report({f"{board_id} quiz, before marking": violations})
        for scenario, questions in questions_of(board_id):
            quiz = quiz_of(page, scenario)
            for question in questions:
                node = quiz.locator(f"#{question['id']}")
                assert node.get_attribute("data-right") == question["right"]
                expect(node.locator(".quiz-answer")).to_be_hidden()
            answer_scenario(page, scenario, questions, wrong=set())
            score = quiz.locator(".quiz-score")
            expect(score).to_be_focused()
            expect(score).to_have_text(
                score_words(len(questions)).replace("{score}", str(len(questions))))
            for question in questions:
                node = quiz.locator(f"#{question['id']}")
                expect(node.locator(".quiz-mark:visible")).to_have_text(question["marks"]["right"])
                assert "quiz-question--right" in node.get_attribute("class")
        violations = axe(page, axe_source)
        assert not violations, report({f"{board_id} quiz, marked": violations})
        assert not visit.problems()


def test_a_wrong_answer_is_marked_with_the_right_one(open_page, axe_source):  # noqa: F811
    board_id = next(iter(BOARDS))
    visit = open_page(f"boards/{board_id}/quiz/")
    page = visit.page
    scenario, questions = questions_of(board_id)[0]
    missed = questions[0]
    answer_scenario(page, scenario, questions, wrong={missed["id"]})
    quiz = quiz_of(page, scenario)
    score = quiz.locator(".quiz-score")
    expect(score).to_be_focused()
    expect(score).to_have_text(
        score_words(len(questions)).replace("{score}", str(len(questions) - 1)))
    node = quiz.locator(f"#{missed['id']}")
    expect(node.locator(".quiz-mark:visible")).to_have_text(missed["marks"]["wrong"])
    right_text = missed["right_text"].rstrip(".")
    assert missed["marks"]["wrong"] == f"Not quite: the answer is \u201c{right_text}\u201d."
    assert "quiz-question--wrong" in node.get_attribute("class")
    # The mark is in words and describes the question to a screen reader once it shows.
    described = node.locator("fieldset").get_attribute("aria-describedby").split()
    assert f"{missed['id']}-wrong" in described
    expect(node.locator(".quiz-answer")).to_be_visible()
    for other in questions[1:]:
        expect(quiz.locator(f"#{other['id']} .quiz-mark:visible")).to_have_text("Correct.")
    # Mend the answer by keyboard and check again: the marks and the score follow.
    page.locator(f"#{missed['id']} legend").click()
    right = [o["right"] for o in missed["options"]].index(True)
    page.locator(f"#{missed['options'][right]['id']}").focus()
    page.keyboard.press("Space")
    tab_to(page, lambda a: a["tag"] == "BUTTON" and a["text"] == CHECK_BUTTON)
    page.keyboard.press("Enter")
    expect(score).to_have_text(
        score_words(len(questions)).replace("{score}", str(len(questions))))
    expect(node.locator(".quiz-mark:visible")).to_have_text("Correct.")
    violations = axe(page, axe_source)
    assert not violations, report({f"{board_id} quiz, one wrong": violations})
    assert not visit.problems()


def test_nothing_is_stored_or_sent_and_no_request_leaves_the_site(open_page):
    board_id = next(iter(BOARDS))
    visit = open_page(f"boards/{board_id}/quiz/")
    page = visit.page
    page.wait_for_load_state("networkidle")
    before = list(visit.requests)
    scenario, questions = questions_of(board_id)[0]
    answer_scenario(page, scenario, questions, wrong={questions[-1]["id"]})
    expect(quiz_of(page, scenario).locator(".quiz-score")).not_to_be_empty()
    page.wait_for_timeout(300)
    assert visit.requests == before, "checking the answers asked the network for something"
    assert "?" not in page.url and page.url.endswith("/quiz/")
    stored = page.evaluate("() => ({local: localStorage.length, session: sessionStorage.length, "
                           "cookie: document.cookie})")
    assert stored == {"local": 0, "session": 0, "cookie": ""}
    assert visit.other_origins() == []
    assert not visit.problems()


def test_the_quiz_reflows_at_320_pixels_marked_or_not(open_page, axe_source):  # noqa: F811
    for board_id in BOARDS:
        visit = open_page(f"boards/{board_id}/quiz/", viewport=NARROW)
        page = visit.page
        width = "() => document.documentElement.scrollWidth - window.innerWidth"
        assert page.evaluate(width) <= 0, f"{board_id} quiz scrolls sideways at 320 px"
        scenario, questions = questions_of(board_id)[0]
        answer_scenario(page, scenario, questions, wrong={questions[0]["id"]})
        expect(quiz_of(page, scenario).locator(".quiz-score")).to_be_focused()
        assert page.evaluate(width) <= 0, f"{board_id} quiz, marked, scrolls sideways at 320 px"
        violations = axe(page, axe_source)
        assert not violations, report({f"{board_id} quiz at 320 px, marked": violations})
        assert not visit.problems()


@pytest.mark.parametrize("board_id", list(BOARDS)[:1])
def test_without_javascript_each_answer_is_under_its_question(open_page, board_id):
    page = open_page(f"boards/{board_id}/quiz/", javascript=False).page
    for scenario, questions in questions_of(board_id):
        quiz = quiz_of(page, scenario)
        expect(quiz.locator(".quiz-check")).to_be_hidden()
        for question in questions:
            answer = quiz.locator(f"#{question['id']} details.quiz-answer")
            expect(answer).to_be_visible()
            assert not answer.evaluate("(node) => node.open")
            answer.locator("summary").click()
            expect(answer).to_contain_text(f"The answer: {question['right_text']}")
            expect(quiz.locator(f"#{question['id']} .quiz-mark:visible")).to_have_count(0)
