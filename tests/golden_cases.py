"""The hand-written golden cases in tests/golden/, as (id, board, input, expectation)."""

from pathlib import Path

import yaml

GOLDEN = Path(__file__).resolve().parent / "golden"


def _file_cases(path: Path) -> list[tuple[str, str, dict, dict]]:
    """One file's cases; a file or case that cannot be read is one case of its own that says
    why (expectation {"broken": why}), so that it fails by its own name and nothing else does."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        board, cases = data["board"], data["cases"]
    except (OSError, ValueError, yaml.YAMLError, KeyError, TypeError) as error:
        return [(f"{path.name}: unreadable", path.stem, {}, {"broken": f"{path.name}: {error!r}"})]
    found = []
    for index, case in enumerate(cases or []):
        try:
            expect = {key: case[key] for key in ("expect", "error") if key in case}
            found.append((f"{board}: {case['name']}", board, dict(case["input"]), expect))
        except (KeyError, TypeError, ValueError) as error:
            found.append((f"{path.name}: case {index + 1}", board, {},
                          {"broken": f"{path.name}, case {index + 1}: {error!r}"}))
    return found


def load_cases() -> list[tuple[str, str, dict, dict]]:
    return [case for path in sorted(GOLDEN.glob("*.yaml")) for case in _file_cases(path)]


def text_request(given: dict) -> dict:
    """YAML may read dates as dates and stage numbers as numbers: a request is text."""
    request = {key: str(value) for key, value in given.items()
               if key not in ("started", "agreed", "events") and value is not None}
    for key in ("started", "agreed", "events"):
        if key in given:
            request[key] = {str(name): str(day) for name, day in given[key].items()}
    return request
