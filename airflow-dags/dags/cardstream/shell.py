"""Shell command lines of templated arguments, for BashOperator.

Quoting a template when the DAG file is parsed (shlex.join on "{{ ... }}") quotes the template,
not the value it renders to: a value holding a single quote then closes the quotes and the rest of
it runs as shell. So each argument is wrapped in a Jinja filter block that applies shlex.quote to
what the argument rendered to, when the task renders. The DAG must register FILTERS
(`user_defined_filters`). Pure Python (no Airflow import), so it can be tested on its own.
"""

from __future__ import annotations

import re
import shlex

QUOTE = "shell_quote"
FILTERS = {QUOTE: shlex.quote}
_WORD = re.compile(r"\{%% filter %s %%\}(.*?)\{%% endfilter %%\}" % QUOTE, re.DOTALL)


def command(*args: str) -> str:
    """One command line: each argument (a value or a Jinja template) becomes one shell word,
    quoted after rendering, whatever it renders to (spaces, quotes, ;, $(...), newlines)."""
    return " ".join(f"{{% filter {QUOTE} %}}{a}{{% endfilter %}}" for a in args)


def arguments(line: str) -> list[str]:
    """The arguments of a command() line as given, before rendering (for checks of a parsed DAG)."""
    return _WORD.findall(line)
