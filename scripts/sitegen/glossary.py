"""Each board's own links, and one glossary of the terms the procedures use, as Markdown.

Pure functions: board data in (`links` and `glossary` in policies/<id>.yaml, both optional),
Markdown out, every value escaped as pages.py escapes it. `board_links_md` (in pages.py,
where the board's page uses it) lists a board's links; `glossary_page` is the glossary's page.
"""

from collections import Counter
from collections.abc import Mapping, Sequence

from calculator.links import LINK_KINDS, link_href  # noqa: F401 (its tests import them here)
from calculator.tools.checking import term_key
from scripts.sitegen.pages import board_links_md, escape_md, sentence, source_md  # noqa: F401

#: What a term that has no letters or digits is filed under, after Z.
OTHER = "Other"


# ---------------------------------------------------------------------------------------------
# The glossary


def _letter(key: str) -> str:
    return key[0].upper() if key[:1].isalpha() else OTHER


def _terms(boards: Sequence[Mapping]) -> dict[str, list[tuple[Mapping, Mapping]]]:
    """Every term of every board, by its key (case, spaces and hyphens aside, as `check`
    compares them), each with the boards that use it, in the boards' order."""
    terms: dict[str, list[tuple[Mapping, Mapping]]] = {}
    for board in boards:
        for entry in board.get("glossary") or []:
            key = term_key(entry["term"]) or entry["term"].casefold()
            terms.setdefault(key, []).append((board, entry))
    return terms


def _meaning_md(entry: Mapping, heading: str) -> str:
    """One board's meaning: its own spelling where it differs from the heading's, what the
    acronym stands for (and whether the procedure says so), then the meaning."""
    parts = []
    if entry["term"] != heading:
        parts.append(f"(written “{escape_md(entry['term'])}”)")
    if entry.get("expansion"):
        unsaid = "" if entry.get("spelled_out", True) else \
            " (the usual expansion; the procedure does not spell it out)"
        parts.append(f"*{escape_md(entry['expansion'])}*{unsaid}.")
    parts.append(escape_md(sentence(entry["meaning"])))
    return " ".join(parts)


def _term_md(key: str, uses: list[tuple[Mapping, Mapping]]) -> str:
    """A term's heading, then one line per meaning: boards that give it the same wording share
    a line, each board's source clause named; boards that mean different things get a line
    each."""
    heading = Counter(entry["term"] for _, entry in uses).most_common(1)[0][0]
    lines: dict[str, list[tuple[Mapping, Mapping]]] = {}
    for board, entry in uses:
        lines.setdefault(_meaning_md(entry, heading), []).append((board, entry))
    anchor = f" {{#term-{key}}}" if key.isalnum() and key.isascii() else ""
    items = []
    for meaning, users in lines.items():
        names = ", ".join(f"**{escape_md(board['short_name'])}**" for board, _ in users)
        sources = "; ".join(entry["source"] if len(users) == 1
                            else f"{board['short_name']}: {entry['source']}"
                            for board, entry in users)
        items.append(f"- {names}: {meaning} {source_md(sources)}")
    return f"### {escape_md(heading)}{anchor}\n\n" + "\n".join(items)


def glossary_page(boards: Sequence[Mapping]) -> str:
    """One page of every board's terms, A to Z: each term with its meaning, the boards that use
    it and each board's clause; where boards mean different things by it, each board's meaning."""
    terms = _terms(boards)
    users = [board for board in boards if board.get("glossary")]
    parts = [
        '---\ntitle: "Glossary"\n---',
        "# Glossary of the procedures' terms",
        "The words and acronyms the boards' escalation procedures use, A to Z. Each meaning is "
        "in our own words, with the clause of the board's procedure it comes from; where boards "
        "use a term differently, each board's meaning is given.",
    ]
    if users:
        parts.append("The boards: " + "; ".join(
            f"**{escape_md(board['short_name'])}**, {escape_md(board['name'])}"
            for board in users) + ".")
    else:
        parts.append("No board's procedure has terms listed yet.")
    keys = sorted(terms, key=lambda key: (_letter(key) == OTHER, key))
    for letter in dict.fromkeys(_letter(key) for key in keys):
        parts.append(f"## {letter}")
        parts += [_term_md(key, terms[key]) for key in keys if _letter(key) == letter]
    return "\n\n".join(parts) + "\n"
