"""The nightly drift alert: after training, read the new model version's metrics.json from the
registry and fail (without retries, so the failure hook alerts once) when the drift guard
refused its promotion. The champion keeps serving; someone has to look at the data."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlparse

log = logging.getLogger(__name__)


class DriftRefused(Exception):
    """The newest model was not promoted because its test rows drifted from its training rows."""


def _s3(uri: str):
    from airflow.providers.amazon.aws.hooks.s3 import S3Hook

    u = urlparse(uri)
    return S3Hook(aws_conn_id="aws_default"), u.netloc, u.path.lstrip("/")


def _local(uri: str) -> str:
    return urlparse(uri).path if uri.startswith("file:") else uri


def versions(registry: str) -> list[str]:
    """Model versions in the registry (v<yyyyMMdd-HHmmss>[-n]), oldest first."""
    if registry.startswith(("s3://", "s3a://")):
        hook, bucket, prefix = _s3(registry)
        prefix = prefix.rstrip("/") + "/"
        names = [p[len(prefix) :].strip("/") for p in hook.list_prefixes(bucket, prefix, "/") or []]
    else:
        from pathlib import Path

        root = Path(_local(registry))
        names = [p.name for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
    return sorted(n for n in names if n.startswith("v"))


def metrics(registry: str, version: str) -> dict:
    if registry.startswith(("s3://", "s3a://")):
        hook, bucket, prefix = _s3(registry)
        return json.loads(hook.read_key(f"{prefix.rstrip('/')}/{version}/metrics.json", bucket))
    from pathlib import Path

    return json.loads((Path(_local(registry)) / version / "metrics.json").read_text())


def check(registry: str) -> dict:
    """The newest version's drift block; raises DriftRefused when drift blocked its promotion."""
    found = versions(registry)
    if not found:
        raise FileNotFoundError(f"no model version in the registry {registry}")
    version = found[-1]
    m = metrics(registry, version)
    drift = m.get("drift") or {}
    blocking = drift.get("blocking") or []
    top = sorted((drift.get("psi") or {}).items(), key=lambda kv: -kv[1])[:3]
    log.info(
        "model %s promoted=%s unseen categories %.2f%%, highest PSI %s",
        version,
        m.get("promoted"),
        100 * drift.get("unseen_category_share", 0.0),
        ", ".join(f"{k} {v:.3f}" for k, v in top),
    )
    # Not gated (a test period shorter than a week): reported, never an alert.
    if blocking and drift.get("gated", True) and not m.get("promoted") and not m.get("challenger"):
        raise DriftRefused(
            f"model {version} was not promoted: its test rows drifted from its training rows: "
            + "; ".join(blocking)
            + f" (the champion keeps serving; see {version}/report/report.md)"
        )
    return drift


def check_task(registry: str) -> dict:
    """The Airflow callable: a drift refusal fails the task at once, without retries."""
    from airflow.exceptions import AirflowFailException

    try:
        return check(registry)
    except DriftRefused as e:
        raise AirflowFailException(str(e)) from e
