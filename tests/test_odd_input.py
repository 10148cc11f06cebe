"""Input that is odd, not just wrong: superscript and circled digits, Arabic-Indic and
full-width digits, a stage number thousands of digits long, the same stage twice, a trailing
newline, dates at the ends of the calendar, an empty --today. Each is refused as any bad input
is: one line on stderr that says what is wrong, exit 2, never a traceback (exit 1 is only for a
policy file with problems). A fuzz test then throws generated argument lists at `plan`."""

import contextlib
import io
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.tools import cli
from conftest import BOARD_IDS

BASE = ["plan", "kent-medway", "--raised", "2026-01-05", "--today", "2026-01-08"]
LONG_STAGE = "2" * 4300
# Digits that are not 0 to 9 (written as escapes: they look like, or nothing like, the digits).
SUPERSCRIPT_2, CIRCLED_1, MATH_BOLD_2 = "\u00b2", "\u2460", "\U0001d7d0"
ARABIC_INDIC_0, FULL_WIDTH_0, DEVANAGARI_0 = 0x0660, 0xFF10, 0x0966


def in_digits(text: str, zero: int) -> str:
    """`text` with its digits 0 to 9 written in the digits that start at code point `zero`."""
    return "".join(chr(zero + int(char)) if char.isdigit() else char for char in text)


ARABIC_INDIC_2, FULL_WIDTH_2 = in_digits("2", ARABIC_INDIC_0), in_digits("2", FULL_WIDTH_0)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """main(argv) in this process: (exit status, stdout, stderr). Stdout has a byte buffer, as
    a real one does (`--format ics` writes bytes)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    out.flush()
    return status, out.buffer.getvalue().decode("utf-8", "backslashreplace"), err.getvalue()


def refused(argv: list[str]) -> str:
    """The one line `argv` is refused with (checking exit 2, one line, no traceback)."""
    status, out, err = run_cli(argv)
    assert status == cli.EXIT_BAD_INPUT, (status, err)
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert not err.startswith(cli.UNFORESEEN), err  # refused by a check, not by accident
    return err.rstrip("\n")


# ---------------------------------------------------------------------------------------------
# Stage numbers: the digits 0 to 9, at most three of them


@pytest.mark.parametrize("digit", [SUPERSCRIPT_2, CIRCLED_1, ARABIC_INDIC_2, FULL_WIDTH_2,
                                   MATH_BOLD_2],
                         ids=["superscript", "circled", "arabic-indic", "full-width", "math-bold"])
def test_a_stage_number_in_other_digits_is_refused(digit):
    message = refused([*BASE, "--started", f"{digit}=2026-01-06"])
    assert f"there is no stage '{digit}'" in message
    assert "has stages 1 to 4 (written with the digits 0 to 9)" in message


@pytest.mark.parametrize("digits", [4300, 4301, 100_000])
def test_a_stage_number_thousands_of_digits_long_is_refused_in_a_short_line(digits):
    message = refused([*BASE, "--started", f"{'2' * digits}=2026-01-06"])
    assert f"({digits:,} characters)" in message
    assert len(message) < 300


def test_an_agreed_stage_number_thousands_of_digits_long_is_refused():
    assert "there is no stage" in refused([*BASE, "--agreed", f"{LONG_STAGE}=2026-01-20"])


@pytest.mark.parametrize("second", ["02", "002", " 2"])
def test_the_same_stage_twice_is_refused_naming_both(second):
    message = refused([*BASE, "--started", "2=2026-01-06", "--started", f"{second}=2026-01-07"])
    assert "stage 2" in message and "twice" in message
    assert f"'{second.strip()}'" in message or "gives stage 2 twice" in message


def test_the_same_agreed_stage_twice_is_refused():
    message = refused(["plan", "staffordshire-stoke", "--raised", "2026-01-05", "--today",
                       "2026-01-08", "--agreed", "2=2026-01-20", "--agreed", "02=2026-01-21"])
    assert "stage 2 is given twice, as '2' and '02'" in message


@pytest.mark.parametrize("digit", [ARABIC_INDIC_2, FULL_WIDTH_2],
                         ids=["arabic-indic", "full-width"])
def test_the_same_stage_in_other_digits_does_not_silently_win(digit):
    message = refused([*BASE, "--started", "2=2026-01-06", "--started", f"{digit}=2026-01-07"])
    assert f"there is no stage '{digit}'" in message


# ---------------------------------------------------------------------------------------------
# Dates: ASCII digits, the whole text, within the calendar


@pytest.mark.parametrize("text", [
    in_digits("2026-01-05", ARABIC_INDIC_0), in_digits("2026-01-05", FULL_WIDTH_0),
    "2026-01-0" + in_digits("5", DEVANAGARI_0), "2026-01-05\n", "2026-01-05\r\n", "\n2026-01-05",
    "2026-01-05 ",
])
def test_a_raised_date_in_other_digits_or_with_a_newline_is_refused(text):
    message = refused(["plan", "kent-medway", "--raised", text, "--today", "2026-01-08"])
    assert "The date raised must be a date written YYYY-MM-DD, not " in message


def test_a_started_date_with_a_trailing_newline_is_refused():
    message = refused([*BASE, "--started", "2=2026-01-06\n"])
    assert message.endswith(r"must be a date written YYYY-MM-DD, not '2026-01-06\n'")


def test_a_started_date_in_arabic_indic_digits_is_refused():
    day = in_digits("2026", ARABIC_INDIC_0) + "-01-06"
    assert "must be a date written YYYY-MM-DD" in refused([*BASE, "--started", f"2={day}"])


def test_today_with_a_trailing_newline_is_refused():
    message = refused(["plan", "kent-medway", "--raised", "2026-01-05", "--today", "2026-01-08\n"])
    assert message.startswith("Today's date must be a date written YYYY-MM-DD")


@pytest.mark.parametrize("today", ["9999-12-31", "2099-01-01"])
def test_today_outside_the_calendar_is_refused(today):
    message = refused(["plan", "kent-medway", "--raised", "2026-01-05", "--today", today])
    assert "outside the calendar" in message


def test_an_empty_today_is_refused_not_taken_as_the_real_date():
    message = refused(["plan", "kent-medway", "--raised", "2026-01-05", "--today", ""])
    assert message == "Enter today's date (YYYY-MM-DD)"


def test_an_agreed_date_at_the_end_of_time_is_refused():
    """Kent's stage 2 takes an agreed date, and stage 3 counts working days on from it: from
    9999-12-31 there is no next day. A date the calendar does not cover is refused."""
    message = refused([*BASE, "--agreed", "2=9999-12-31"])
    assert "outside the calendar" in message


@pytest.mark.parametrize("output", ["text", "json", "ics", "record"])
def test_an_agreed_date_outside_the_calendar_is_refused_in_every_format(output):
    message = refused(["plan", "staffordshire-stoke", "--raised", "2026-01-05", "--today",
                       "2026-01-08", "--agreed", "1=9999-12-31", "--format", output])
    assert "outside the calendar" in message


# ---------------------------------------------------------------------------------------------
# What argparse itself refuses: still one line


def test_an_argument_with_a_newline_is_refused_in_one_line():
    message = refused([*BASE, "stray\nargument"])
    assert "unrecognized arguments: stray\\nargument" in message


def test_a_malformed_pair_is_quoted_briefly():
    message = refused([*BASE, "--started", "2" * 5000])
    assert message.startswith("--started takes STAGE=YYYY-MM-DD") and len(message) < 300


# ---------------------------------------------------------------------------------------------
# Fuzz: whatever the arguments, 0 with an answer, or 2 with one line


@pytest.fixture
def boards_read_once(monkeypatch):
    """Each board read and checked once (0.3 s a time), so that the fuzz tests many inputs."""
    read: dict[tuple[str, str], dict] = {}
    load_board = cli.load_board

    def cached(policies, board_id):
        key = (str(policies), board_id)
        if key not in read:
            read[key] = load_board(policies, board_id)
        return read[key]

    monkeypatch.setattr(cli, "load_board", cached)


ODD_DIGITS = "0123456789" + SUPERSCRIPT_2 + CIRCLED_1 + MATH_BOLD_2 + "".join(
    in_digits("2", zero) for zero in (ARABIC_INDIC_0, FULL_WIDTH_0, DEVANAGARI_0))
odd_text = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=ODD_DIGITS + "-=\n ", max_size=12),
    st.sampled_from(["", " ", "\n", "\udcff", "-", "=", "2=", "=2026-01-06", LONG_STAGE,
                     "2026-01-05\n", in_digits("2026-01-05", ARABIC_INDIC_0), "9999-12-31",
                     "0001-01-01", "2026-02-29"]),
)
in_calendar = st.dates(date(2014, 6, 1), date(2036, 6, 30)).map(date.isoformat)
date_text = st.one_of(in_calendar, in_calendar, st.dates().map(date.isoformat), odd_text)
stage_key = st.one_of(st.integers(0, 7).map(str), st.sampled_from(["02", "002", "0", " 3"]),
                      odd_text)
pair = st.one_of(st.tuples(stage_key, date_text).map("=".join), odd_text)


def _no_help(token: str) -> bool:
    """argparse answers --help (and what abbreviates it) with the usage and exit 0."""
    return not (token.startswith("-h") or (len(token) > 2 and "--help".startswith(token)))


@st.composite
def plausible(draw) -> list[str]:
    """A case much like a real one (so the fuzz reaches the plan), with some parts made odd."""
    raised = draw(st.dates(date(2015, 1, 1), date(2035, 12, 31)))
    today = raised + timedelta(days=draw(st.integers(0, 90)))
    argv = ["plan", draw(st.sampled_from(BOARD_IDS)), "--raised", raised.isoformat(),
            "--today", draw(st.one_of(st.just(today.isoformat()), date_text))]
    for option in ("--started", "--agreed"):
        for _ in range(draw(st.integers(0, 2))):
            day = raised + timedelta(days=draw(st.integers(-3, 120)))
            key = draw(st.one_of(st.integers(1, 6).map(str), stage_key))
            text = draw(st.one_of(st.just(day.isoformat()), date_text))
            argv += [option, f"{key}={text}"]
    if draw(st.booleans()):
        argv += ["--agency", draw(st.one_of(st.sampled_from(["police", "health", "any"]),
                                            odd_text))]
    argv += ["--format", draw(st.sampled_from(["text", "json", "ics", "record"]))]
    return argv


@st.composite
def chaotic(draw) -> list[str]:
    """Options in any order, any number of times, with any values, and stray words."""
    argv = ["plan", draw(st.one_of(st.sampled_from(BOARD_IDS), odd_text))]
    options = st.one_of(
        st.tuples(st.sampled_from(["--raised", "--today"]), date_text),
        st.tuples(st.sampled_from(["--started", "--agreed"]), pair),
        st.tuples(st.just("--agency"), odd_text),
        st.tuples(st.just("--format"), st.one_of(st.sampled_from(["json", "ics"]), odd_text)),
        st.tuples(odd_text.filter(_no_help)),
    )
    for option in draw(st.lists(options, max_size=8)):
        argv += option
    return argv


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(argv=st.one_of(plausible(), chaotic()))
def test_plan_never_gives_a_traceback(boards_read_once, argv):
    status, out, err = run_cli(argv)
    assert "Traceback" not in err
    if status == 0:
        assert out and not err
    else:
        assert status == cli.EXIT_BAD_INPUT, (status, err)
        assert err.endswith("\n") and err.count("\n") == 1, err
        assert not err.startswith(cli.UNFORESEEN), err
