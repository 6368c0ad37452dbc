"""Jinja for run settings: the run's param, else the Airflow Variable `cardstream_<name>`, else a
default. Resolved when the task renders (not when the DAG file is parsed), so a Variable change
applies to the next run without reparsing and parsing never reads the metadata database."""

from __future__ import annotations

import json


def setting(name: str, default: str | int | None = None) -> str:
    """Template for one setting. default=None makes the Variable required: rendering fails with
    "Variable cardstream_<name> ... not found" instead of passing an empty value to a job."""
    var = f"cardstream_{name}"
    fallback = (
        f"var.value.{var}" if default is None else f'var.value.get("{var}", {json.dumps(default)})'
    )
    return "{{ params.%s or %s }}" % (name, fallback)


# The run date of every nightly step: the day the run's data interval starts, never "today".
RUN_DATE = "{{ data_interval_start | ds }}"


def param(description: str, type_: str = "string"):
    """A run param for a setting; null (the default) means "not set for this run", so the
    Variable or the built-in default applies. Every setting a template reads must be declared."""
    from airflow.sdk import Param

    return Param(None, type=["null", type_], description=description)
