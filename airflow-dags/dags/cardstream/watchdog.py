"""Whether the scoring stream step has to be added to the EMR cluster again.

The step runs both of the stream's queries (the decisions query and the lake query, `--queries
both`); a step that ends, whichever query failed, is added again and resumes both from their
checkpoints.

Pure so it can be unit-tested; the watchdog DAG feeds it the cluster's PENDING/RUNNING steps
(the `Steps` of boto3 `emr.list_steps`).
"""

from __future__ import annotations

STREAM_STEP_NAME = "cardstream-scoring-stream"
TOPICS_STEP_NAME = "cardstream-topics"
ACTIVE_STATES = ("PENDING", "RUNNING")


def active_stream_steps(steps: list[dict], name: str = STREAM_STEP_NAME) -> list[dict]:
    """The steps that are the stream (exact name) and still pending or running."""
    return [
        s
        for s in steps
        if s.get("Name") == name and s.get("Status", {}).get("State") in ACTIVE_STATES
    ]


def needs_restart(steps: list[dict], name: str = STREAM_STEP_NAME) -> bool:
    """True when no step of that name is pending or running. A PENDING step counts as alive:
    adding a second one would start two queries on the same checkpoint, and one would fail."""
    return not active_stream_steps(steps, name)
