"""cardstream nightly batch: analytics -> quality gate -> warehouse load -> feedback labels ->
training -> catalog, maintenance and the model drift alert, for the day the run's data interval
starts.

Mode (Variable `cardstream_mode`, read when the file is parsed because it decides the operators):
  emr   (default) each step is an EMR step (spark-submit of the shaded job jar), submitted and
        waited for by one task, so that a retry submits the step again.
  local           each step runs `<repo>/bin/cardstream <job> ...` on this machine's local stack.
Both modes build the job arguments with cardstream.jobs, so they run the same jobs the same way.
Every other setting is a run param with an Airflow Variable fallback (see cardstream.settings).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, Variable, chain
from airflow.timetables.trigger import CronTriggerTimetable

from cardstream import drift, jobs, shell
from cardstream.notify import on_failure
from cardstream.settings import RUN_DATE, param, setting

MODE = Variable.get("cardstream_mode", default="emr")
if MODE not in ("emr", "local"):
    raise ValueError(f"Variable cardstream_mode must be 'emr' or 'local', not {MODE!r}")

# Retries per task; Variable cardstream_retries=0 makes a test run fail fast instead of waiting
# out the backoff (5 + 10 minutes) before reporting a broken job.
RETRIES = int(Variable.get("cardstream_retries", default=2))

REPO = Path(__file__).resolve().parents[2]  # airflow-dags/dags/<this file> -> the repo root

# Per-step limits; a step that overruns is killed (local) or stops being waited for (EMR).
TIMEOUTS = {
    "analytics": timedelta(hours=1),
    "quality_gate": timedelta(minutes=30),
    "warehouse_load": timedelta(hours=1),
    "feedback_labels": timedelta(minutes=30),
    "train": timedelta(hours=3),
    "catalog": timedelta(minutes=30),
    "maintenance": timedelta(hours=2),
    "model_drift": timedelta(minutes=10),
}

default_args = {
    "owner": "cardstream",
    "retries": RETRIES,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    "execution_timeout": timedelta(hours=2),
    "on_failure_callback": on_failure,
}


if MODE == "emr":
    params = {
        "cluster_id": param("EMR cluster id (Variable cardstream_cluster_id)"),
        "jars_uri": param("S3 prefix of the shaded job jars (Variable cardstream_jars_uri)"),
        "lake": param("Lake root, s3://... (Variable cardstream_lake)"),
        "registry": param("Model registry root (Variable cardstream_registry)"),
        "redshift_jdbc_url": param("Redshift JDBC URL (Variable cardstream_redshift_jdbc_url)"),
        "redshift_user": param("Redshift user (Variable cardstream_redshift_user)"),
        "redshift_iam_role": param("IAM role for COPY (Variable cardstream_redshift_iam_role)"),
        "redshift_secret_id": param(
            "Secrets Manager id of the Redshift password (Variable cardstream_redshift_secret_id)"
        ),
        "region": param("AWS region (Variable cardstream_region)"),
        "kafka_bootstrap": param(
            "Kafka (MSK) servers of the feedback topic (Variable cardstream_kafka_bootstrap)"
        ),
        "delta_log_table": param(
            "DynamoDB table of the Delta commit ledger (Variable cardstream_delta_log_table)"
        ),
    }
    settings = jobs.Settings(
        lake=setting("lake"),
        registry=setting("registry"),
        warehouse_target="redshift",
        jdbc_url=setting("redshift_jdbc_url"),
        user=setting("redshift_user"),
        password_secret_id=setting("redshift_secret_id"),
        iam_role=setting("redshift_iam_role"),
        region=setting("region"),
        kafka_bootstrap=setting("kafka_bootstrap"),
        delta_log_table=setting("delta_log_table"),
        kafka_auth="msk-iam",
    )
else:
    params = {
        "repo": param(f"Repository root holding bin/cardstream (default {REPO})"),
        "state_dir": param(f"Local stack state dir, absolute (default {REPO}/.cardstream)"),
        "postgres_port": param("Local PostgreSQL port (default 15432)", "integer"),
        "kafka_port": param("Local Kafka port (default 19092)", "integer"),
    }
    lake = "file://" + setting("state_dir", str(REPO / ".cardstream")) + "/lake"
    settings = jobs.Settings(
        lake=lake,
        registry=jobs.registry_path(lake),
        warehouse_target="postgres",
        jdbc_url="jdbc:postgresql://127.0.0.1:" + setting("postgres_port", 15432) + "/postgres",
        # The warehouse loader (owner of schema fraud), which the local stack creates.
        user=jobs.CONTRACT["warehouse"]["loader_user"],
        kafka_bootstrap="127.0.0.1:" + setting("kafka_port", 19092),
    )
params["sns_topic_arn"] = param("SNS topic for failure alerts (Variable cardstream_sns_topic_arn)")


EMR_POLL_SECONDS = 60


def emr_task(step: jobs.Step) -> EmrAddStepsOperator:
    # One task submits the step and waits for it: a failed step fails this task, and its retry
    # submits the step again (the jobs are idempotent per run date). A separate sensor's retry
    # would only look at the same failed step again. Deferred, the wait holds no worker slot.
    timeout = TIMEOUTS[step.task_id]
    return EmrAddStepsOperator(
        task_id=step.task_id,
        job_flow_id=setting("cluster_id"),
        steps=[jobs.emr_step(f"cardstream {step.job.name} {RUN_DATE}", step, setting("jars_uri"))],
        aws_conn_id="aws_default",
        deferrable=True,
        waiter_delay=EMR_POLL_SECONDS,
        waiter_max_attempts=int(timeout.total_seconds()) // EMR_POLL_SECONDS,
        execution_timeout=timeout,
    )


def local_task(step: jobs.Step):
    cardstream = setting("repo", str(REPO)) + "/bin/cardstream"
    return BashOperator(
        task_id=step.task_id,
        # Each argument is shell-quoted after it renders (settings come from params, which a
        # triggering user sets, and Variables), so no value can add a command.
        bash_command=shell.command(cardstream, step.job.name, *step.args),
        execution_timeout=TIMEOUTS[step.task_id],
    )


with DAG(
    dag_id="cardstream_nightly",
    description="Nightly batch: gold analytics, quality gate, warehouse, training, catalog",
    # Runs at 02:00 UTC for the day before: the data interval is the 24 hours before the run.
    schedule=CronTriggerTimetable("0 2 * * *", timezone="UTC", interval=timedelta(days=1)),
    # Early enough to backfill the history we replay (the Kaggle/Sparkov data and the generator
    # start in 2019): Airflow creates no task instances for a run dated before start_date.
    start_date=pendulum.datetime(2019, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    # Local steps are Spark JVMs with a 4 GB heap each: one at a time on a workstation.
    max_active_tasks=1 if MODE == "local" else 4,
    default_args=default_args,
    params=params,
    user_defined_filters=shell.FILTERS,
    tags=["cardstream", MODE],
) as dag:
    make = emr_task if MODE == "emr" else local_task
    t = {s.task_id: make(s) for s in jobs.nightly_steps(settings, RUN_DATE)}
    # The drift alert: fails (and notifies) when the drift guard kept the new model out.
    model_drift = PythonOperator(
        task_id="model_drift",
        python_callable=drift.check_task,
        op_kwargs={"registry": settings.registry},
        execution_timeout=TIMEOUTS["model_drift"],
    )
    chain(
        t["analytics"],
        t["quality_gate"],
        t["warehouse_load"],
        t["feedback_labels"],
        t["train"],
        [t["catalog"], t["maintenance"], model_drift],
    )
