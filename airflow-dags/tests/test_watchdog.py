"""The stream watchdog's decision: restart only when no stream step is pending or running."""

from __future__ import annotations

import pytest
from cardstream.watchdog import STREAM_STEP_NAME, needs_restart


def step(name: str, state: str, step_id: str = "s-1") -> dict:
    # The shape of one entry of boto3 emr.list_steps()["Steps"].
    return {"Id": step_id, "Name": name, "Status": {"State": state}}


def test_no_active_steps_means_restart():
    assert needs_restart([]) is True


@pytest.mark.parametrize("state", ["RUNNING", "PENDING"])
def test_a_running_or_pending_stream_step_is_left_alone(state):
    steps = [
        step("cardstream analytics 2024-03-04", "RUNNING", "s-2"),
        step(STREAM_STEP_NAME, state),
    ]
    assert needs_restart(steps) is False


def test_other_running_steps_do_not_count_as_the_stream():
    steps = [
        step("cardstream train 2024-03-04", "RUNNING"),
        step("cardstream-scoring-stream-old", "RUNNING"),
    ]
    assert needs_restart(steps) is True


@pytest.mark.parametrize(
    "state", ["COMPLETED", "FAILED", "CANCELLED", "INTERRUPTED", "CANCEL_PENDING"]
)
def test_a_finished_stream_step_is_restarted(state):
    # list_steps is asked for active steps only, but the decision must not trust the filter.
    assert needs_restart([step(STREAM_STEP_NAME, state)]) is True


def test_stream_is_down_reads_every_page_of_active_steps(monkeypatch):
    import cardstream_stream_watchdog as dag_module

    calls = {}

    class Paginator:
        def paginate(self, **kwargs):
            calls.update(kwargs)
            yield {"Steps": [step("cardstream train 2024-03-04", "RUNNING")]}
            yield {"Steps": [step(STREAM_STEP_NAME, "RUNNING", "s-9")]}

    class Client:
        def get_paginator(self, name):
            assert name == "list_steps"
            return Paginator()

    class Hook:
        def __init__(self, aws_conn_id):
            self.conn = Client()

    monkeypatch.setattr(dag_module, "EmrHook", Hook)
    assert dag_module.stream_is_down("j-1") is False  # the stream is on the second page
    assert calls == {"ClusterId": "j-1", "StepStates": ["PENDING", "RUNNING"]}


@pytest.mark.parametrize("mode", ["emr"], indirect=True)
def test_restart_adds_the_stream_step_with_the_configured_checkpoint(dagbag):
    restart = dagbag.dags["cardstream_stream_watchdog"].get_task("restart_stream")
    (s,) = restart.steps
    assert s["Name"] == STREAM_STEP_NAME
    args = s["HadoopJarStep"]["Args"]
    assert args[args.index("--class") + 1] == "io.cardstream.streaming.ScoringStreamJob"
    # Rendered from the same setting every time (no default that could silently change it).
    assert "cardstream_stream_checkpoint" in args[args.index("--checkpoint") + 1]
    # The decision topics are on Kafka (MSK) even when the input is Kinesis.
    assert "cardstream_kafka_bootstrap" in args[args.index("--kafka-bootstrap") + 1]
    # It commits through the ledger the nightly maintenance uses on the same tables.
    assert "cardstream_delta_log_table" in args[args.index("--delta-log-table") + 1]
    assert "cardstream_region" in args[args.index("--delta-log-region") + 1]
    # The card-token key by secret id (the stream exits at start without a key), never its value.
    assert args[args.index("--token-key-secret-id") + 1] == "cardstream/pan-hmac-key"


def test_a_stream_step_can_run_one_query_of_the_two():
    from cardstream import jobs

    settings = dict(
        source="kinesis", lake="l", registry="r", checkpoint="c", kinesis_stream="k", region="eu",
        kafka_bootstrap="b", delta_log_table="d",
    )
    both = jobs.stream_step(**settings)
    assert "--queries" not in both.args and both.task_id == "restart_stream"
    lake = jobs.stream_step(**settings, queries="lake")
    assert lake.args[lake.args.index("--queries") + 1] == "lake"
    assert lake.task_id == "restart_lake_stream"


@pytest.mark.parametrize("mode", ["emr"], indirect=True)
@pytest.mark.parametrize("source", ["kinesis", "kafka"])
def test_the_restart_renders_the_stream_for_the_deployments_input(
    airflow_db, mode, emr_variables, monkeypatch, source
):
    from test_rendering import RUN_AFTER, option, render

    monkeypatch.setenv("AIRFLOW_VAR_CARDSTREAM_SOURCE", source)
    if source == "kafka":
        # A Kafka deployment sets no Kinesis stream: the render must not need one.
        monkeypatch.delenv("AIRFLOW_VAR_CARDSTREAM_KINESIS_STREAM")
    (s,) = render("cardstream_stream_watchdog", "restart_stream", RUN_AFTER).steps
    args = s["HadoopJarStep"]["Args"]
    assert option(args, "--source") == source
    assert option(args, "--checkpoint") == emr_variables["stream_checkpoint"]
    assert option(args, "--kafka-bootstrap") == emr_variables["kafka_bootstrap"]
    assert option(args, "--kinesis-stream") == "cardstream-transactions"


@pytest.mark.parametrize("mode", ["emr"], indirect=True)
def test_without_a_source_variable_the_restart_reads_kinesis(airflow_db, mode, emr_variables):
    from test_rendering import RUN_AFTER, option, render

    (s,) = render("cardstream_stream_watchdog", "restart_stream", RUN_AFTER).steps
    args = s["HadoopJarStep"]["Args"]
    assert option(args, "--source") == "kinesis"
    assert option(args, "--kinesis-stream") == emr_variables["kinesis_stream"]
