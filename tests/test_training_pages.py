"""The training pages, as generated: every scenario and step, each answer as the calculator
works it out (never typed into the page), with its sources; the handout's answers apart."""

import pytest
import yaml
from test_site_pages import render as render_markdown

from calculator.tools.loading import load_policy
from calculator.training import scenario_steps
from conftest import BOARD_IDS, POLICIES
from scripts.sitegen.training_pages import training_index, training_pages

#: A board appears before its scenarios are written; only a board with some has these pages.
WITH_SCENARIOS = [board for board in BOARD_IDS
                  if load_policy(POLICIES / f"{board}.yaml", board).data["scenarios"]]


@pytest.fixture(scope="module")
def worked(boards, calendar_table):
    return {board_id: [(scenario, scenario_steps(boards[board_id], scenario, calendar_table))
                       for scenario in boards[board_id]["scenarios"]] for board_id in BOARD_IDS}


@pytest.fixture(scope="module")
def pages(boards, worked):
    return training_pages([boards[board_id] for board_id in BOARD_IDS], worked)


def render(markdown: str):
    """As MkDocs does: the YAML front matter is the page's settings, not its text."""
    if markdown.startswith("---\n"):
        markdown = markdown.split("---\n", 2)[2]
    return render_markdown(markdown)


def front_matter(markdown: str) -> dict:
    assert markdown.startswith("---\n")
    return yaml.safe_load(markdown.split("---\n", 2)[1])


def test_every_board_has_its_three_pages_and_the_index_links_them(pages, boards):
    assert set(pages) == {"training.md", *(f"boards/{board}/{page}.md" for board in
                                           WITH_SCENARIOS
                                           for page in ("training", "presenter", "handout",
                                                        "quiz"))}
    index = render(pages["training.md"])
    for board in BOARD_IDS:
        for page in ("training", "presenter", "handout"):
            linked = f"boards/{board}/{page}.md" in index.links()
            assert linked == (board in WITH_SCENARIOS)
        if board not in WITH_SCENARIOS:
            assert f"{boards[board]['name']}: no made-up cases yet." in index.text


def test_a_board_without_scenarios_gets_no_empty_pages(boards, calendar_table):
    board = {**next(iter(boards.values())), "scenarios": []}
    made = training_pages([board], {board["id"]: []})
    assert set(made) == {"training.md"}
    assert "no made-up cases yet" in made["training.md"]


@pytest.mark.parametrize("board_id", WITH_SCENARIOS)
def test_the_training_page_asks_then_answers_every_step(pages, worked, board_id):
    markdown = pages[f"boards/{board_id}/training.md"]
    assert front_matter(markdown)["title"].startswith("Training: ")
    text = render(markdown).text
    for scenario, steps in worked[board_id]:
        assert scenario["title"] in text and scenario["summary"] in text
        for step in steps:
            assert step["story"] in text
            answer = step["answer"]
            if answer["kind"] == "ladder":
                assert f"Stage {answer['stage']} of {answer['total_stages']}" in text
                assert answer["next_step"] in text and answer["due_text"] in text
                assert f"Source: {answer['contact_source']}" in text
            else:
                assert answer["emergency"] in text and answer["summary"] in text
    questions = markdown.count("**What happens next, whom do you contact, and by when?**")
    answers = markdown.count('??? info "Show the answer"')
    assert questions == answers == sum(len(steps) for _, steps in worked[board_id])


@pytest.mark.parametrize("board_id", WITH_SCENARIOS)
def test_the_presenter_view_has_one_section_per_step(pages, worked, board_id):
    markdown = pages[f"boards/{board_id}/presenter.md"]
    assert front_matter(markdown)["hide"] == ["navigation", "toc"]
    total = sum(len(steps) for _, steps in worked[board_id])
    assert markdown.count('<section class="presenter-step"') == total
    assert f'aria-label="Step {total} of {total}"' in markdown


@pytest.mark.parametrize("board_id", WITH_SCENARIOS)
def test_the_handout_has_the_questions_then_the_answers_apart(pages, worked, board_id):
    markdown = pages[f"boards/{board_id}/handout.md"]
    opening = '<div class="handout-answers" markdown="1">'
    questions, answers = markdown.split(opening)
    questions, answers = render(questions).text, render(opening + answers).text
    assert answers.startswith("Answers")
    for _, steps in worked[board_id]:
        for step in steps:
            assert step["story"] in questions
            shown = step["answer"].get("next_step") or step["answer"]["summary"]
            assert shown in answers and shown not in questions


def test_the_index_counts_each_boards_scenarios(boards):
    board_list = [boards[board_id] for board_id in BOARD_IDS]
    text = render(training_index(board_list)).text
    for board in board_list:
        count = len(board["scenarios"])
        said = f"{count} scenario{'' if count == 1 else 's'}" if count else "no made-up cases yet"
        assert f"{board['name']}: {said}" in text


@pytest.mark.parametrize("board_id", WITH_SCENARIOS)
def test_each_answer_shows_the_deadlines_and_what_is_late_on_that_day(worked, board_id):
    from scripts.sitegen.training_pages import ladder_answer_md

    for _scenario, steps in worked[board_id]:
        for step in steps:
            answer = step["answer"]
            if answer["kind"] != "ladder":
                continue
            text = ladder_answer_md(answer)
            for entry in answer["deadlines"]:
                assert entry["label"] in text and entry["due_text"] in text, entry
            for item in answer["do_now"]:
                assert f"**Do this now:** {item['text']}" in text
