"""Both DAG files parse in both modes, with the schedule, retry policy and task graph we rely on."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

NIGHTLY_STEPS = [
    "analytics",
    "quality_gate",
    "warehouse_load",
    "feedback_labels",
    "train",
    "catalog",
    "maintenance",
]
# The run order: each pair (a, b) means b starts only after a succeeded.
STEP_EDGES = {
    ("analytics", "quality_gate"),
    ("quality_gate", "warehouse_load"),
    ("warehouse_load", "feedback_labels"),
    ("feedback_labels", "train"),
    ("train", "catalog"),
    ("train", "maintenance"),
    ("train", "model_drift"),
}
# Not a job: reads the new model's metrics.json and alerts when drift kept it from promotion.
DRIFT_TASK = "model_drift"


def edges(dag) -> set[tuple[str, str]]:
    return {(t.task_id, d) for t in dag.tasks for d in t.downstream_task_ids}


def test_dag_files_import_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {"cardstream_nightly", "cardstream_stream_watchdog"}


def test_nightly_schedule_runs_daily_for_the_previous_day(dagbag):
    dag = dagbag.dags["cardstream_nightly"]
    assert dag.timetable.summary == "0 2 * * *"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    # A run triggered at 02:00 covers the 24 hours before it, so its run date is yesterday.
    run_after = datetime(2024, 3, 5, 2, 0, tzinfo=timezone.utc)
    interval = dag.timetable.infer_manual_data_interval(run_after=run_after)
    assert interval.start == run_after - timedelta(days=1)
    assert interval.end == run_after


def test_nightly_tasks_and_their_exact_order(dagbag, mode):
    dag = dagbag.dags["cardstream_nightly"]
    assert set(dag.task_ids) == {*NIGHTLY_STEPS, DRIFT_TASK}
    assert edges(dag) == STEP_EDGES
    expected = "BashOperator" if mode == "local" else "EmrAddStepsOperator"
    assert {t.task_type for t in dag.tasks if t.task_id in NIGHTLY_STEPS} == {expected}
    assert dag.get_task(DRIFT_TASK).task_type == "PythonOperator"


def test_every_task_retries_with_backoff_a_timeout_and_a_failure_hook(dagbag, mode):
    from cardstream.notify import on_failure

    for dag in dagbag.dags.values():
        for t in dag.tasks:
            assert t.retries == 2, t.task_id
            assert t.retry_exponential_backoff, t.task_id
            assert t.retry_delay > timedelta(0), t.task_id
            assert t.execution_timeout is not None and t.execution_timeout > timedelta(0), t.task_id
            assert on_failure in (t.on_failure_callback or []), t.task_id


@pytest.mark.parametrize("mode", ["emr"], indirect=True)
def test_each_emr_task_waits_for_the_step_it_submitted_up_to_its_timeout(dagbag):
    # The task that submits also waits, so a retry after a failed step submits it again.
    dag = dagbag.dags["cardstream_nightly"]
    for step in NIGHTLY_STEPS:
        task = dag.get_task(step)
        assert task.deferrable, step
        waited = timedelta(seconds=task.waiter_delay * task.waiter_max_attempts)
        assert waited == task.execution_timeout, step


def test_watchdog_schedule_and_tasks(dagbag):
    dag = dagbag.dags["cardstream_stream_watchdog"]
    assert dag.timetable.summary == "*/5 * * * *"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert edges(dag) == {("check_stream", "create_topics"), ("create_topics", "restart_stream")}
    assert dag.get_task("check_stream").task_type == "ShortCircuitOperator"
    assert dag.get_task("restart_stream").task_type == "EmrAddStepsOperator"
    topics = dag.get_task("create_topics")
    assert topics.task_type == "EmrAddStepsOperator"
    # The stream is added only once its topics step finished, within the task's time.
    assert topics.wait_for_completion
    assert timedelta(seconds=topics.waiter_delay * topics.waiter_max_attempts) <= (
        topics.execution_timeout
    )


def test_an_unknown_mode_is_an_import_error(monkeypatch):
    from conftest import load_dagbag

    monkeypatch.setenv("AIRFLOW_VAR_CARDSTREAM_MODE", "laptop")
    errors = load_dagbag().import_errors
    assert any(p.endswith("cardstream_nightly.py") and "laptop" in e for p, e in errors.items())
