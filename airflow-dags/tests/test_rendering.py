"""Templates rendered by Airflow itself for a real DagRun: the run date every job gets is the day
the data interval starts (never the day the run happens); settings come from params or Variables."""

from __future__ import annotations

import json
import shlex
import subprocess
from datetime import datetime, timedelta, timezone

import pytest
from cardstream.jobs import CONTRACT
from conftest import airflow_dags_test, tail
from test_dag_structure import DRIFT_TASK, NIGHTLY_STEPS

RUN_AFTER = datetime(2024, 3, 5, 2, 0, tzinfo=timezone.utc)  # logical date of the run


def render(dag_id: str, task_id: str, logical_date: datetime):
    """Render one task exactly as `airflow tasks render` does: parse and serialize the DAG from the
    dags folder, make an in-memory DagRun for that logical date, render with the full template
    context. The rendered values are left on the returned task."""
    from airflow.cli import cli_parser
    from airflow.cli.commands.task_command import task_render
    from airflow.utils.cli import get_bagged_dag

    dag = get_bagged_dag(None, dag_id)
    args = cli_parser.get_parser().parse_args(
        ["tasks", "render", dag_id, task_id, logical_date.isoformat()]
    )
    task_render(args, dag=dag)
    return dag.get_task(task_id)


def option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


@pytest.mark.parametrize("mode", ["emr"], indirect=True)
def test_emr_steps_render_the_data_interval_day_and_the_variables(
    airflow_db, emr_variables, dagbag
):
    dag = dagbag.dags["cardstream_nightly"]
    interval = dag.timetable.infer_manual_data_interval(run_after=RUN_AFTER)
    run_date = interval.start.date().isoformat()
    assert run_date != RUN_AFTER.date().isoformat()  # the test would prove nothing otherwise

    for group in ("analytics", "warehouse_load", "maintenance"):
        task = render(dag.dag_id, group, RUN_AFTER)
        assert task.job_flow_id == emr_variables["cluster_id"]
        (step,) = task.steps
        assert step["HadoopJarStep"]["Jar"] == "command-runner.jar"
        args = step["HadoopJarStep"]["Args"]
        assert args[:3] == ["spark-submit", "--deploy-mode", "cluster"]
        assert args[5].startswith(emr_variables["jars_uri"].rstrip("/") + "/")
        assert option(args, "--run-date") == run_date
        assert option(args, "--lake") == emr_variables["lake"]
        assert run_date in step["Name"]

    args = render(dag.dag_id, "feedback_labels", RUN_AFTER).steps[0]["HadoopJarStep"]["Args"]
    assert args[4] == "io.cardstream.streaming.loop.FeedbackLabelsJob"
    assert option(args, "--kafka-bootstrap") == emr_variables["kafka_bootstrap"]
    assert option(args, "--kafka-auth") == "msk-iam"  # MSK Serverless takes IAM clients only
    assert option(args, "--checkpoint") == emr_variables["lake"] + "/checkpoints/feedback-labels"

    # The jobs that commit to the stream's tables commit through the same Delta commit ledger.
    for group in ("analytics", "maintenance"):
        args = render(dag.dag_id, group, RUN_AFTER).steps[0]["HadoopJarStep"]["Args"]
        assert option(args, "--delta-log-table") == emr_variables["delta_log_table"]
        assert option(args, "--delta-log-region") == emr_variables["region"]

    args = render(dag.dag_id, "warehouse_load", RUN_AFTER).steps[0]["HadoopJarStep"]["Args"]
    assert option(args, "--target") == "redshift"
    assert option(args, "--jdbc-url") == emr_variables["redshift_jdbc_url"]
    assert option(args, "--iam-role") == emr_variables["redshift_iam_role"]
    assert option(args, "--password-secret-id") == emr_variables["redshift_secret_id"]


@pytest.mark.parametrize("mode", ["emr"], indirect=True)
def test_a_missing_emr_variable_fails_the_render_instead_of_passing_an_empty_value(
    airflow_db, dagbag
):
    dag = dagbag.dags["cardstream_nightly"]
    with pytest.raises(Exception, match="cardstream_cluster_id"):
        render(dag.dag_id, "analytics", RUN_AFTER)


STUB = """#!/usr/bin/env bash
# Stand-in for bin/cardstream: records each call (one line of shell-quoted arguments).
printf '%q ' "$@" >> "$(dirname "$0")/../calls.txt"
echo >> "$(dirname "$0")/../calls.txt"
"""


# Settings an operator, a Variable or a triggering user's conf could hold: quotes, ;, $(...),
# backticks and newlines must reach the job as the argument they are, never run as shell.
HOSTILE_STATE = "state dir'; touch PWNED-quote; echo '$(touch PWNED-subst)`touch PWNED-tick`"
HOSTILE_PORT = "19092; touch PWNED-port\ntouch PWNED-newline"


@pytest.mark.parametrize("mode", ["local"], indirect=True)
def test_local_commands_quote_every_rendered_value(airflow_db, mode, monkeypatch, tmp_path):
    """Render the local BashOperators with hostile Variables, then run each rendered command
    with bash in an empty directory: the stub sees exactly the intended arguments, nothing else
    ran."""
    repo = tmp_path / "a repo; touch PWNED-repo"
    stub = repo / "bin" / "cardstream"
    stub.parent.mkdir(parents=True)
    # Each call's arguments NUL-terminated, then a \1 record: exact even with a newline in one.
    stub.write_text(
        "#!/usr/bin/env bash\n"
        '{ printf "%s\\0" "$@"; printf "\\1"; } >> "$(dirname "$0")/../calls"\n'
    )
    stub.chmod(0o755)
    state = tmp_path / HOSTILE_STATE
    monkeypatch.setenv("AIRFLOW_VAR_CARDSTREAM_REPO", str(repo))
    monkeypatch.setenv("AIRFLOW_VAR_CARDSTREAM_STATE_DIR", str(state))
    monkeypatch.setenv("AIRFLOW_VAR_CARDSTREAM_KAFKA_PORT", HOSTILE_PORT)
    work = tmp_path / "work"
    work.mkdir()
    run_date = (RUN_AFTER - timedelta(days=1)).date().isoformat()
    lake = f"file://{state}/lake"
    expected = {
        "analytics": ["analytics", "--lake", lake, "--run-date", run_date],
        "feedback_labels": [
            "feedback-labels",
            "--kafka-bootstrap", "127.0.0.1:" + HOSTILE_PORT,
            "--lake", lake,
            "--checkpoint", f"{lake}/checkpoints/feedback-labels",
            "--available-now",
        ],
    }  # fmt: skip

    for task_id, args in expected.items():
        command = render("cardstream_nightly", task_id, RUN_AFTER).bash_command
        assert shlex.split(command) == [str(stub), *args]
        done = subprocess.run(["bash", "-c", command], cwd=work, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    records = (repo / "calls").read_text().split("\1")[:-1]
    assert [r.split("\0")[:-1] for r in records] == list(expected.values())
    assert list(work.iterdir()) == []
    assert not [p for p in tmp_path.rglob("PWNED*") if p.is_file()]


def test_local_mode_runs_each_job_once_in_order_with_the_interval_day(airflow_db, tmp_path):
    """A whole DagRun through `airflow dags test`, with the repo param pointing at a stub
    bin/cardstream, so what the BashOperators really execute is observable."""
    stub = tmp_path / "repo" / "bin" / "cardstream"
    stub.parent.mkdir(parents=True)
    stub.write_text(STUB)
    stub.chmod(0o755)
    state = tmp_path / "state dir"  # a space: arguments must survive the shell intact
    conf = {
        "repo": str(tmp_path / "repo"),
        "state_dir": str(state),
        "postgres_port": 25999,
        "kafka_port": 25992,
    }

    # What the stub's "train" leaves out: a registered model, promoted, for the drift alert.
    version = state / "lake" / CONTRACT["lake_paths"]["model_registry"] / "v20240304-020000"
    version.mkdir(parents=True)
    (version / "metrics.json").write_text(
        json.dumps({"promoted": True, "drift": {"blocking": [], "psi": {"log_amt": 0.01}}})
    )

    proc, states = airflow_dags_test(
        "cardstream_nightly", RUN_AFTER, conf, {"AIRFLOW_VAR_CARDSTREAM_MODE": "local"}, 300
    )

    assert proc.returncode == 0, tail(proc.stdout + proc.stderr)
    assert states == {t: "success" for t in [*NIGHTLY_STEPS, DRIFT_TASK]}
    calls = [
        shlex.split(line) for line in (tmp_path / "repo" / "calls.txt").read_text().splitlines()
    ]
    jobs = [c[0] for c in calls]
    assert jobs[:5] == ["analytics", "quality-gate", "warehouse-load", "feedback-labels", "train"]
    assert sorted(jobs[5:]) == ["catalog", "maintenance"]

    run_date = (RUN_AFTER - timedelta(days=1)).date().isoformat()  # the data interval start
    lake = f"file://{state}/lake"
    by_job = {c[0]: c for c in calls}
    for job in ("analytics", "quality-gate", "warehouse-load", "maintenance"):
        assert option(by_job[job], "--run-date") == run_date
    for c in calls:
        if "--lake" in c:
            assert option(c, "--lake") == lake
    assert (
        option(by_job["warehouse-load"], "--jdbc-url")
        == "jdbc:postgresql://127.0.0.1:25999/postgres"
    )
    # The local stack's loader, not the superuser (StackInit creates it, owner of schema fraud).
    assert option(by_job["warehouse-load"], "--user") == "cardstream_loader"
    assert option(by_job["train"], "--input") == f"{lake}/bronze/transactions"
    assert option(by_job["train"], "--registry") == f"{lake}/models/fraud"
    # The night's answers reach feedback/labels first, then the training that reads them.
    labels = by_job["feedback-labels"]
    assert option(labels, "--kafka-bootstrap") == "127.0.0.1:25992"
    assert option(labels, "--checkpoint") == f"{lake}/checkpoints/feedback-labels"
    assert "--available-now" in labels
    assert option(by_job["train"], "--feedback") == f"{lake}/feedback/labels"
    # A local lake has a single writer at a time: no Delta commit ledger.
    assert not any("--delta-log-table" in c for c in calls)
