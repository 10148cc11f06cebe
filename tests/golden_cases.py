"""The hand-written golden cases in tests/golden/, as (id, board, input, expectation)."""

from pathlib import Path

import yaml

GOLDEN = Path(__file__).resolve().parent / "golden"


def load_cases() -> list[tuple[str, str, dict, dict]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            expect = {key: case[key] for key in ("expect", "error") if key in case}
            cases.append((f"{data['board']}: {case['name']}", data["board"], case["input"], expect))
    return cases


def text_request(given: dict) -> dict:
    """YAML may read dates as dates and stage numbers as numbers: a request is text."""
    request = {key: str(value) for key, value in given.items()
               if key not in ("started", "agreed", "events") and value is not None}
    for key in ("started", "agreed", "events"):
        if key in given:
            request[key] = {str(name): str(day) for name, day in given[key].items()}
    return request
