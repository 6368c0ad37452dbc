"""End to end on the real local stack: generated transactions go through Kafka and the scoring
stream into the lake, then `airflow dags test cardstream_nightly` in local mode runs every nightly
job for one day of that data, and the day lands in the PostgreSQL warehouse.

Uses its own state dir and non-default ports so it never touches a developer's running stack."""

from __future__ import annotations

import collections
import csv
import subprocess
from datetime import date, datetime, time, timedelta, timezone

import pytest
from conftest import REPO, airflow_dags_test, tail
from test_dag_structure import DRIFT_TASK, NIGHTLY_STEPS

PORTS = {"--kafka-port": 29192, "--dynamodb-port": 28100, "--postgres-port": 25532}
PORT_ARGS = [str(x) for kv in PORTS.items() for x in kv]
GOLD = ("regional_daily", "segment_daily", "merchant_daily")


def cardstream(*args: str, timeout: float) -> str:
    proc = subprocess.run(
        [str(REPO / "bin" / "cardstream"), *args], capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, f"bin/cardstream {' '.join(args)} failed:\n" + tail(
        proc.stdout + proc.stderr
    )
    return proc.stdout


def days_by_volume(csv_path) -> list[date]:
    """The days of the generated transactions, busiest first."""
    with open(csv_path, newline="") as f:
        days = collections.Counter(row["trans_date_trans_time"][:10] for row in csv.DictReader(f))
    return [date.fromisoformat(d) for d, _ in days.most_common()]


@pytest.fixture(scope="session")
def scored_lake(tmp_path_factory):
    """State dir of a running local stack whose lake holds the scored transactions."""
    state = tmp_path_factory.mktemp("cardstream-e2e")
    stack = ["--state-dir", str(state), *PORT_ARGS]
    try:
        cardstream("stack", "up", *stack, timeout=900)
        # Small, but with enough fraud that the nightly training's out-of-time test period holds
        # some (the train step refuses to evaluate a model on a test set without fraud).
        cardstream(
            "generate",
            "--customers",
            "150",
            "--days",
            "6",
            "--fraud-rate",
            "0.03",
            "--out",
            str(state / "in.csv"),
            timeout=600,
        )
        # --labels: the generated file is labelled, and training needs its is_fraud.
        cardstream("produce", "--input", str(state / "in.csv"), "--format", "kaggle", "--labels",
                   "--bootstrap", f"127.0.0.1:{PORTS['--kafka-port']}", timeout=600)  # fmt: skip
        cardstream("stream", "--available-now", *stack, timeout=1800)
        yield state
    finally:
        subprocess.run(
            [str(REPO / "bin" / "cardstream"), "stack", "down", *stack],
            capture_output=True,
            timeout=300,
        )


def warehouse_counts(day: date) -> dict[str, int]:
    import pg8000.native

    con = pg8000.native.Connection(
        "postgres", host="127.0.0.1", port=PORTS["--postgres-port"], database="postgres"
    )
    try:
        counts = {
            "fact_transactions": con.run(
                "SELECT count(*) FROM fraud.fact_transactions WHERE event_date = :d", d=day
            )[0][0]
        }
        for t in GOLD:
            rows, total = con.run(
                f"SELECT count(*), coalesce(sum(transactions), 0) FROM fraud.{t}"
                " WHERE event_date = :d",
                d=day,
            )[0]
            counts[t] = rows
            counts[f"{t}.transactions"] = total
        return counts
    finally:
        con.close()


def test_nightly_dag_loads_one_day_of_the_local_lake_into_the_warehouse(airflow_db, scored_lake):
    day, *other_days = days_by_volume(scored_lake / "in.csv")
    assert other_days, "the generated data should span several days"
    # The run whose data interval starts on that day: triggered at 02:00 the day after.
    logical_date = datetime.combine(day + timedelta(days=1), time(2), tzinfo=timezone.utc)
    conf = {
        "state_dir": str(scored_lake),
        "postgres_port": PORTS["--postgres-port"],
        "kafka_port": PORTS["--kafka-port"],
    }

    env = {"AIRFLOW_VAR_CARDSTREAM_MODE": "local", "AIRFLOW_VAR_CARDSTREAM_RETRIES": "0"}
    proc, states = airflow_dags_test("cardstream_nightly", logical_date, conf, env, 3600)

    states_wanted = {t: "success" for t in [*NIGHTLY_STEPS, DRIFT_TASK]}
    assert states == states_wanted, tail(proc.stdout + proc.stderr, 120)
    assert proc.returncode == 0
    counts = warehouse_counts(day)
    assert counts["fact_transactions"] > 0, counts
    for t in GOLD:
        assert counts[t] > 0, counts
        # Each gold table partitions the same day's transactions by different keys.
        assert counts[f"{t}.transactions"] == counts["fact_transactions"], counts
    # Only the run's day was loaded, not the other days in the lake.
    assert warehouse_counts(other_days[0])["fact_transactions"] == 0
