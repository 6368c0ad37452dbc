"""cardstream.shell on plain Jinja: every rendered argument is one shell word, whatever it holds."""

from __future__ import annotations

import shlex
import subprocess

import jinja2
from cardstream import shell

HOSTILE = [
    "it's",
    "a b",
    "x; touch PWNED-semi",
    "$(touch PWNED-subst)",
    "`touch PWNED-tick`",
    "line\ntouch PWNED-newline",
    "'; touch PWNED-quote; '",
    "",
    "{{ not rendered twice }}",
]


def render(template: str, **values) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(shell.FILTERS)
    return env.from_string(template).render(**values)


def test_each_rendered_value_is_one_word_and_runs_nothing(tmp_path):
    args = [f"{{{{ v[{i}] }}}}" for i in range(len(HOSTILE))]
    line = render(shell.command("printf", "%s\\0", "--x={{ v[0] }}/lake", *args), v=HOSTILE)

    assert shlex.split(line) == ["printf", "%s\\0", "--x=it's/lake", *HOSTILE]
    done = subprocess.run(["bash", "-c", line], cwd=tmp_path, capture_output=True, check=True)
    assert done.stdout.decode().split("\0")[:-1] == ["--x=it's/lake", *HOSTILE]
    assert list(tmp_path.iterdir()) == []


def test_the_arguments_of_a_line_read_back_as_given():
    args = ["{{ params.repo }}/bin/cardstream", "train", "--lake", "file://{{ x }}/lake", ""]
    assert shell.arguments(shell.command(*args)) == args


def test_plain_arguments_pass_unchanged():
    assert render(shell.command("/repo/bin/cardstream", "analytics", "--available-now")) == (
        "/repo/bin/cardstream analytics --available-now"
    )
