"""The cardstream jobs as the DAGs run them: names, main classes, jars and argument lists.

Pure Python (no Airflow import) so that EMR mode and local mode build the very same job
arguments, and tests can check them against the Java job catalogue (`bin/cardstream jobs --json`).
Values may be Jinja templates; they are rendered later by the operators that receive them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# Version of the shaded jars; the contract test fails when it drifts from the Maven build.
VERSION = "0.1.0-SNAPSHOT"

# The lake/sink contract the jobs share (tables, paths, topics): a copy of the "contract" block of
# `bin/cardstream jobs --json`, shipped with the DAGs (MWAA has no Java); the contract test fails
# when the copy drifts from the Java side.
CONTRACT = json.loads((Path(__file__).parent / "contract.json").read_text())
TABLES = CONTRACT["lake_tables"]


def _jar(module: str) -> str:
    return f"jobs/{module}/target/cardstream-{module}-{VERSION}-emr.jar"


@dataclass(frozen=True)
class Job:
    name: str  # CLI subcommand: bin/cardstream <name>
    main_class: str  # spark-submit --class
    jar: str  # shaded jar relative to the repo root; on S3 it keeps its file name

    @property
    def jar_name(self) -> str:
        return self.jar.rsplit("/", 1)[-1]


JOBS = {
    j.name: j
    for j in (
        Job("analytics", "io.cardstream.batch.AnalyticsJob", _jar("batch")),
        Job("quality-gate", "io.cardstream.batch.QualityGateJob", _jar("batch")),
        Job("warehouse-load", "io.cardstream.warehouse.WarehouseLoadJob", _jar("warehouse")),
        Job("feedback-labels", "io.cardstream.streaming.loop.FeedbackLabelsJob", _jar("streaming")),
        Job("train", "io.cardstream.training.TrainModelJob", _jar("training")),
        Job("catalog", "io.cardstream.batch.CatalogJob", _jar("batch")),
        Job("maintenance", "io.cardstream.batch.MaintenanceJob", _jar("batch")),
        Job("stream", "io.cardstream.streaming.ScoringStreamJob", _jar("streaming")),
        Job("topics", "io.cardstream.streaming.TopicsJob", _jar("streaming")),
    )
}


@dataclass(frozen=True)
class Settings:
    """Where the nightly jobs read and write. Empty optional values are left off the command."""

    lake: str  # lake root URI: file:///..., s3://...
    registry: str  # model registry root
    warehouse_target: str  # postgres | redshift
    jdbc_url: str
    user: str = ""
    password_secret_id: str = ""
    iam_role: str = ""
    region: str = ""
    kafka_bootstrap: str = ""  # the feedback topic's brokers
    delta_log_table: str = ""  # the Delta commit ledger (DynamoDB) of jobs that write stream tables
    kafka_auth: str = ""  # msk-iam on MSK; empty: the local stack's plaintext broker


@dataclass(frozen=True)
class Step:
    task_id: str  # Airflow task (or task group) id
    job: Job
    args: tuple[str, ...]


def _opt(name: str, value: str) -> list[str]:
    return [name, value] if value else []


def lake_path(lake: str, *parts: str) -> str:
    return "/".join([lake.rstrip("/"), *parts])


def registry_path(lake: str) -> str:
    """The model registry under a lake root, where the jobs expect it."""
    return lake_path(lake, CONTRACT["lake_paths"]["model_registry"])


def nightly_steps(s: Settings, run_date: str) -> list[Step]:
    """The nightly batch in run order; catalog and maintenance both follow train."""
    lake = ["--lake", s.lake]
    day = ["--run-date", run_date]
    # The stream commits to the tables maintenance compacts (and analytics writes beside them):
    # every writer commits through the same Delta commit ledger, or a commit can be lost.
    ledger = (
        ["--delta-log-table", s.delta_log_table, *_opt("--delta-log-region", s.region)]
        if s.delta_log_table
        else []
    )
    warehouse = [
        "--target", s.warehouse_target,
        "--jdbc-url", s.jdbc_url,
        *_opt("--user", s.user),
        *_opt("--password-secret-id", s.password_secret_id),
        *_opt("--iam-role", s.iam_role),
        *_opt("--region", s.region),
    ]  # fmt: skip
    # Training reads the whole tokenized history (bronze carries the labels) and only promotes a
    # model that beats the champion out of time, on the test rows and then in the shadow, so a
    # bad night cannot replace a good model.
    # Customers' and analysts' answers since the last night, taken off the feedback topic into
    # feedback/labels (once per case); training then prefers them to the data's own label.
    feedback = [
        "--kafka-bootstrap", s.kafka_bootstrap,
        *_opt("--kafka-auth", s.kafka_auth),
        "--lake", s.lake,
        "--checkpoint", lake_path(s.lake, CONTRACT["lake_paths"]["feedback_labels_checkpoint"]),
        "--available-now",
    ]  # fmt: skip
    train = [
        "--input", lake_path(s.lake, TABLES["bronze"]["path"]),
        "--format", "delta",
        "--feedback", lake_path(s.lake, TABLES["feedback_labels"]["path"]),
        "--registry", s.registry,
        # A winning model first goes into the shadow (the stream scores it beside the champion);
        # the next night promotes it only if it also wins on the stream's own labelled events.
        "--promote", "shadow",
        "--shadow-events", lake_path(s.lake, TABLES["silver"]["path"]),
    ]  # fmt: skip
    return [
        Step("analytics", JOBS["analytics"], (*lake, *day, *ledger)),
        Step("quality_gate", JOBS["quality-gate"], (*lake, *day)),
        Step("warehouse_load", JOBS["warehouse-load"], (*lake, *day, *warehouse)),
        Step("feedback_labels", JOBS["feedback-labels"], tuple(feedback)),
        Step("train", JOBS["train"], tuple(train)),
        Step("catalog", JOBS["catalog"], tuple(lake)),
        Step("maintenance", JOBS["maintenance"], (*lake, *day, *ledger)),
    ]


def stream_step(
    source: str,
    lake: str,
    registry: str,
    checkpoint: str,
    kinesis_stream: str,
    region: str,
    kafka_bootstrap: str,
    delta_log_table: str,
    queries: str = "both",
) -> Step:
    """The long-running scoring stream on EMR: transactions in from Kinesis or the `transactions`
    topic (source), the decision, alert and dead-letter topics on Kafka/MSK either way; the
    decisions query, the lake query or both (`queries`). The Kinesis options are always passed:
    with source kafka the job accepts and ignores them, so one argument list serves both inputs.
    The checkpoint must never change between restarts: it holds the offsets and per-card state
    that make the stream exactly-once (the lake query's is a folder of it). It commits through the
    Delta commit ledger, as the nightly maintenance does on the same tables."""
    args = [
        "--source", source,
        "--kinesis-stream", kinesis_stream,
        "--kinesis-region", region,
        "--kafka-bootstrap", kafka_bootstrap,
        "--kafka-auth", "msk-iam",
        "--dynamodb-region", region,
        "--lake", lake,
        "--checkpoint", checkpoint,
        "--registry", registry,
        "--delta-log-table", delta_log_table,
        "--delta-log-region", region,
        # The card-token key by secret id (the CDK's cardstream/pan-hmac-key): the stream reads it
        # itself, on the driver and each executor; without it, it exits at start.
        "--token-key-secret-id", "cardstream/pan-hmac-key",
        "--keys-region", region,
        # Its own Kafka input lag as a CloudWatch metric (MSK has none to report); unused on Kinesis.
        "--lag-metric", "cloudwatch",
        "--cloudwatch-region", region,
    ]  # fmt: skip
    if queries != "both":
        args += ["--queries", queries]
    task = "restart_stream" if queries == "both" else f"restart_{queries}_stream"
    return Step(task, JOBS["stream"], tuple(args))


def topics_step(kafka_bootstrap: str) -> Step:
    """The pipeline's topics created where missing and checked where present (idempotent); it
    fails on a topic of another shape, so the stream is not started on it."""
    return Step(
        "create_topics",
        JOBS["topics"],
        ("--kafka-bootstrap", kafka_bootstrap, "--kafka-auth", "msk-iam"),
    )


def spark_submit(step: Step, jars_uri: str) -> list[str]:
    """command-runner.jar arguments of an EMR step running the job's shaded jar from S3."""
    jar = lake_path(jars_uri, step.job.jar_name)
    return [
        "spark-submit", "--deploy-mode", "cluster",
        "--class", step.job.main_class, jar,
        *step.args,
    ]  # fmt: skip


def emr_step(name: str, step: Step, jars_uri: str) -> dict:
    """One boto3 EMR step. CONTINUE: a failed job must not terminate the shared cluster."""
    return {
        "Name": name,
        "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {"Jar": "command-runner.jar", "Args": spark_submit(step, jars_uri)},
    }
