"""The one kind of error the core raises: bad input, told in one line."""


class InputError(ValueError):
    """The case or the request is wrong. The message is one line that says what is wrong and
    what is allowed; the command line prints it, and the page shows it next to the field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        #: Which input the message is about ("raised", "today", "agency", "started.3",
        #: "agreed.2", "board"), so that the page can put the message next to that field.
        self.field = field


class OutsideCalendarError(InputError):
    """A date the calculator would have to count from or to lies outside the years the
    calendar covers; answering would risk a silently wrong date."""
