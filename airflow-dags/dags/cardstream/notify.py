"""Failure notification for the cardstream DAGs: always a log line, plus an SNS message when a
topic ARN is configured (param `sns_topic_arn` or Variable `cardstream_sns_topic_arn`)."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def failure_message(context) -> tuple[str, str]:
    ti = context["ti"]
    subject = f"cardstream: {ti.dag_id}.{ti.task_id} failed"
    body = (
        f"Task {ti.task_id} of {ti.dag_id} failed (run {context.get('run_id')}, "
        f"try {getattr(ti, 'try_number', '?')}).\n"
        f"Data interval start: {context.get('data_interval_start')}\n"
        f"Error: {context.get('exception')}\n"
        f"Log: {getattr(ti, 'log_url', '')}"
    )
    return subject[:100], body  # SNS subjects are limited to 100 characters


def _topic_arn(context) -> str:
    arn = (context.get("params") or {}).get("sns_topic_arn") or ""
    if arn:
        return arn
    from airflow.sdk import Variable

    return Variable.get("cardstream_sns_topic_arn", default="") or ""


def on_failure(context) -> None:
    subject, body = failure_message(context)
    log.error("%s\n%s", subject, body)
    try:
        arn = _topic_arn(context)
        if not arn:
            return
        from airflow.providers.amazon.aws.hooks.sns import SnsHook

        SnsHook(aws_conn_id="aws_default").publish_to_target(
            target_arn=arn, message=body, subject=subject
        )
    except Exception:  # a broken notifier must not hide the task's own failure
        log.exception("cardstream: could not send the failure notification")
