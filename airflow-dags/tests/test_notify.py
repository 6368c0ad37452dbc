"""Failure hook: always logs; publishes to SNS only when a topic is configured."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from cardstream import notify


def context(params=None):
    ti = SimpleNamespace(
        dag_id="cardstream_nightly", task_id="train", try_number=3, log_url="http://x/log"
    )
    return {
        "ti": ti,
        "run_id": "scheduled__2024-03-05",
        "params": params or {},
        "data_interval_start": "2024-03-04T02:00:00+00:00",
        "exception": RuntimeError("boom"),
    }


@pytest.fixture
def published(monkeypatch):
    sent = []

    class FakeSns:
        def __init__(self, aws_conn_id):
            pass

        def publish_to_target(self, target_arn, message, subject):
            sent.append((target_arn, subject, message))

    import airflow.providers.amazon.aws.hooks.sns as sns

    monkeypatch.setattr(sns, "SnsHook", FakeSns)
    return sent


def test_without_a_topic_it_only_logs(published, caplog):
    with caplog.at_level(logging.ERROR, logger=notify.__name__):
        notify.on_failure(context())
    assert published == []
    assert "cardstream_nightly.train failed" in caplog.text and "boom" in caplog.text


def test_a_topic_from_the_params_gets_the_message(published):
    notify.on_failure(context({"sns_topic_arn": "arn:aws:sns:eu-west-1:1:alerts"}))
    ((arn, subject, message),) = published
    assert arn == "arn:aws:sns:eu-west-1:1:alerts"
    assert subject == "cardstream: cardstream_nightly.train failed"
    assert "2024-03-04" in message and "boom" in message


def test_a_topic_from_the_variable_gets_the_message(published, monkeypatch):
    monkeypatch.setenv("AIRFLOW_VAR_CARDSTREAM_SNS_TOPIC_ARN", "arn:aws:sns:eu-west-1:1:var")
    notify.on_failure(context())
    assert [p[0] for p in published] == ["arn:aws:sns:eu-west-1:1:var"]


def test_a_failing_publisher_does_not_raise(monkeypatch, caplog):
    import airflow.providers.amazon.aws.hooks.sns as sns

    class Broken:
        def __init__(self, aws_conn_id):
            raise RuntimeError("no credentials")

    monkeypatch.setattr(sns, "SnsHook", Broken)
    notify.on_failure(context({"sns_topic_arn": "arn:aws:sns:eu-west-1:1:alerts"}))
    assert "could not send" in caplog.text
