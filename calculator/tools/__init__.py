"""The calculator's CPython tools: the command line, the board-file checker and loader, and the
bank-holiday table. They need PyYAML, jsonschema and holidays, so they are never in the zip the
page's calculator loads; the core above them (`calculator/*.py`) is standard library only.
(`board_check` also runs in the page, but only on the "Check a board file" page, from its own
larger zip with PyYAML and jsonschema.)"""
