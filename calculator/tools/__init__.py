"""The calculator's CPython tools, apart from the core because they need PyYAML, jsonschema or
holidays. What is core and what is a tool, and why: the docstring of `calculator/__init__.py`."""
