"""The drift alert reads the newest model version's metrics.json the training job wrote."""

from __future__ import annotations

import json
import logging

import pytest
from airflow.exceptions import AirflowFailException
from cardstream import drift

REFUSED = {
    "promoted": False,
    "drift": {
        "unseen_category_share": 1.0,
        "psi": {"category": 9.2, "log_amt": 0.02},
        "blocking": [
            "category: PSI 9.200 > 0.25",
            "category: 100.0% of rows have a value never seen in training (limit 1%)",
        ],
    },
}
CLEAN = {"promoted": True, "drift": {"unseen_category_share": 0.0, "psi": {"log_amt": 0.01},
                                     "blocking": []}}  # fmt: skip


def registry(tmp_path, **versions):
    for name, m in versions.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "metrics.json").write_text(json.dumps(m))
    (tmp_path / "CHAMPION").write_text("v20240301-020000")
    return tmp_path


def test_a_refused_newest_model_fails_the_task_once_with_the_drift_named(tmp_path):
    r = registry(tmp_path, **{"v20240301-020000": CLEAN, "v20240302-020000": REFUSED})
    with pytest.raises(AirflowFailException) as e:
        drift.check_task(str(r))
    assert str(e.value).startswith(
        "model v20240302-020000 was not promoted: its test rows drifted from its training rows: "
        "category: PSI 9.200 > 0.25; category: 100.0% of rows have a value never seen in training"
    )
    # A file: URI, as the local lake gives it, reads the same registry.
    with pytest.raises(AirflowFailException):
        drift.check_task(r.as_uri())


def test_an_older_refusal_does_not_alert_again_and_the_psi_is_logged(tmp_path, caplog):
    r = registry(tmp_path, **{"v20240301-020000": REFUSED, "v20240302-020000": CLEAN})
    with caplog.at_level(logging.INFO, logger=drift.__name__):
        assert drift.check_task(str(r))["psi"] == {"log_amt": 0.01}
    assert "model v20240302-020000 promoted=True" in caplog.text
    # Forced promotion despite drift (an operator's decision) is not an alert either.
    forced = dict(REFUSED, promoted=True)
    (r / "v20240303-020000").mkdir()
    (r / "v20240303-020000" / "metrics.json").write_text(json.dumps(forced))
    drift.check_task(str(r))


def test_drift_over_a_test_period_too_short_to_gate_is_not_an_alert(tmp_path):
    short = {**REFUSED, "drift": {**REFUSED["drift"], "gated": False}}
    r = registry(tmp_path, **{"v20240302-020000": short})
    assert drift.check_task(str(r))["gated"] is False


def test_an_empty_registry_is_an_error_not_silence(tmp_path):
    with pytest.raises(FileNotFoundError, match="no model version in the registry"):
        drift.check_task(str(tmp_path / "missing"))
