"""cardstream stream watchdog: every 5 minutes, make sure the scoring stream step is pending or
running on the EMR cluster; if it is not (failed, cancelled, cluster restarted), run the topics step
(create what is missing, check the rest; waited for) and add the stream again with the same
checkpoint so it resumes exactly where it stopped.

Settings are run params with Airflow Variable fallbacks (cardstream_cluster_id, cardstream_jars_uri,
cardstream_lake, cardstream_registry, cardstream_stream_checkpoint, cardstream_source,
cardstream_kinesis_stream, cardstream_region). The source (kinesis or kafka, the deployment's input)
defaults to kinesis; the Kinesis stream defaults to the deployment's name for it and is unused with
source kafka. The checkpoint has no default on purpose: a new checkpoint would re-read the stream
from its starting position and lose the per-card state.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.amazon.aws.hooks.emr import EmrHook
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
from airflow.providers.standard.operators.python import ShortCircuitOperator
from airflow.sdk import DAG

from cardstream import jobs
from cardstream.notify import on_failure
from cardstream.settings import param, setting
from cardstream.watchdog import ACTIVE_STATES, STREAM_STEP_NAME, TOPICS_STEP_NAME, needs_restart


def stream_is_down(cluster_id: str, aws_conn_id: str = "aws_default") -> bool:
    """True (go on and restart) when no stream step is pending or running on the cluster."""
    emr = EmrHook(aws_conn_id=aws_conn_id).conn
    steps = []
    for page in emr.get_paginator("list_steps").paginate(
        ClusterId=cluster_id, StepStates=list(ACTIVE_STATES)
    ):
        steps.extend(page["Steps"])
    down = needs_restart(steps, STREAM_STEP_NAME)
    print(f"{len(steps)} active step(s) on {cluster_id}; stream {'down' if down else 'running'}")
    return down


with DAG(
    dag_id="cardstream_stream_watchdog",
    description="Re-add the scoring stream EMR step when it is not running",
    schedule="*/5 * * * *",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=10),
    default_args={
        "owner": "cardstream",
        "retries": 2,
        "retry_delay": timedelta(seconds=30),
        "retry_exponential_backoff": True,
        "execution_timeout": timedelta(minutes=3),
        "on_failure_callback": on_failure,
    },
    params={
        "cluster_id": param("EMR cluster id (Variable cardstream_cluster_id)"),
        "jars_uri": param("S3 prefix of the shaded job jars (Variable cardstream_jars_uri)"),
        "lake": param("Lake root (Variable cardstream_lake)"),
        "registry": param("Model registry root (Variable cardstream_registry)"),
        "stream_checkpoint": param("Checkpoint URI (Variable cardstream_stream_checkpoint)"),
        "source": param("Input: kinesis or kafka (Variable cardstream_source)"),
        "kinesis_stream": param("Input Kinesis stream (Variable cardstream_kinesis_stream)"),
        "region": param("AWS region (Variable cardstream_region)"),
        "kafka_bootstrap": param(
            "Kafka (MSK) servers of the decision topics (Variable cardstream_kafka_bootstrap)"
        ),
        "delta_log_table": param(
            "DynamoDB table of the Delta commit ledger (Variable cardstream_delta_log_table)"
        ),
        "sns_topic_arn": param("SNS topic for failure alerts (Variable cardstream_sns_topic_arn)"),
    },
    tags=["cardstream", "emr"],
) as dag:
    check = ShortCircuitOperator(
        task_id="check_stream",
        python_callable=stream_is_down,
        op_kwargs={"cluster_id": setting("cluster_id")},
    )
    stream = jobs.stream_step(
        # The deployment's input; the Kinesis stream is unused with source kafka.
        source=setting("source", "kinesis"),
        lake=setting("lake"),
        registry=setting("registry"),
        checkpoint=setting("stream_checkpoint"),
        kinesis_stream=setting("kinesis_stream", "cardstream-transactions"),
        region=setting("region"),
        kafka_bootstrap=setting("kafka_bootstrap"),
        delta_log_table=setting("delta_log_table"),
    )
    topics = jobs.topics_step(kafka_bootstrap=setting("kafka_bootstrap"))
    create_topics = EmrAddStepsOperator(
        task_id=topics.task_id,
        job_flow_id=setting("cluster_id"),
        steps=[jobs.emr_step(TOPICS_STEP_NAME, topics, setting("jars_uri"))],
        aws_conn_id="aws_default",
        # The stream must not start before its topics: wait for the step (a minute or so).
        wait_for_completion=True,
        waiter_delay=15,
        waiter_max_attempts=12,
    )
    restart = EmrAddStepsOperator(
        task_id=stream.task_id,
        job_flow_id=setting("cluster_id"),
        steps=[jobs.emr_step(STREAM_STEP_NAME, stream, setting("jars_uri"))],
        aws_conn_id="aws_default",
    )
    check >> create_topics >> restart
