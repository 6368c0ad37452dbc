"""Test setup shared by the DAG tests.

Airflow reads its configuration when it is first imported, so the environment is set here, before
any test module imports it: a throwaway AIRFLOW_HOME (tests never touch ~/airflow and start from an
empty metadata database), our dags/ folder, no example DAGs, and no cardstream Variables leaking in
from the calling shell.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "airflow-dags" / "dags"

_HOME = tempfile.mkdtemp(prefix="cardstream-airflow-")
os.environ["AIRFLOW_HOME"] = _HOME
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
# Tests parse the nightly DAG in both modes within seconds; store each parse, not one per 30 s.
os.environ["AIRFLOW__CORE__MIN_SERIALIZED_DAG_UPDATE_INTERVAL"] = "0"
os.environ.pop("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", None)
for _k in [k for k in os.environ if k.startswith("AIRFLOW_VAR_CARDSTREAM_")]:
    del os.environ[_k]
# Airflow puts the DAG bundle on sys.path when it parses; a plain DagBag in tests does not.
sys.path.insert(0, str(DAGS))

# What an EMR deployment sets as Airflow Variables (see README); AIRFLOW_VAR_<NAME> is the
# environment-variable form of a Variable, read by Airflow before the metadata database.
EMR_VARIABLES = {
    "cluster_id": "j-TESTCLUSTER",
    "jars_uri": "s3://cardstream-artifacts/jars/",
    "lake": "s3://cardstream-lake",
    "registry": "s3://cardstream-lake/models/fraud",
    "redshift_jdbc_url": "jdbc:redshift://wh.example.eu-west-1.redshift.amazonaws.com:5439/dev",
    "redshift_user": "cardstream_loader",
    "redshift_iam_role": "arn:aws:iam::123456789012:role/cardstream-redshift-copy",
    "redshift_secret_id": "cardstream/redshift/loader",
    "region": "eu-west-1",
    "stream_checkpoint": "s3://cardstream-lake/checkpoints/scoring",
    "kinesis_stream": "cardstream-transactions",
    "kafka_bootstrap": "b-1.cardstream.kafka.eu-west-1.amazonaws.com:9098",
    "delta_log_table": "delta_log",
}


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def airflow_db():
    """A migrated metadata database (rendering and test runs store their DagRun there)."""
    subprocess.run(
        [sys.executable, "-m", "airflow", "db", "migrate"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return _HOME


@pytest.fixture
def emr_variables(monkeypatch):
    for k, v in EMR_VARIABLES.items():
        monkeypatch.setenv(f"AIRFLOW_VAR_CARDSTREAM_{k.upper()}", v)
    return EMR_VARIABLES


@pytest.fixture(params=["emr", "local"])
def mode(request, monkeypatch):
    monkeypatch.setenv("AIRFLOW_VAR_CARDSTREAM_MODE", request.param)
    return request.param


def load_dagbag():
    """Parse the dags/ folder the way the DAG processor does (the mode is read at parse time)."""
    from airflow.models.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS), include_examples=False)


@pytest.fixture
def dagbag(mode):
    return load_dagbag()


def airflow_dags_test(dag_id: str, logical_date, conf: dict, env: dict, timeout: float):
    """`airflow dags test <dag> <logical date> --conf <json>` in a fresh process (the way an
    operator runs it) with extra environment, e.g. AIRFLOW_VAR_CARDSTREAM_MODE. Returns the
    completed process and {task_id: state} of that run from the metadata database."""
    proc = subprocess.run(
        [sys.executable, "-m", "airflow", "dags", "test", dag_id, logical_date.isoformat(),
         "--conf", json.dumps(conf)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )  # fmt: skip
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        runs = session.scalars(
            select(DagRun).where(DagRun.dag_id == dag_id, DagRun.logical_date == logical_date)
        ).all()
        states = {
            ti.task_id: str(ti.state)
            for dr in runs
            for ti in dr.get_task_instances(session=session)
        }
    return proc, states


def tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])
