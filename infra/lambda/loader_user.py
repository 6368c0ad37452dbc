"""cardstream: the warehouse loader in Redshift Serverless (custom resource of CardstreamWarehouse).

Reads the loader's secret at deploy time and sends Redshift only md5(password || username), then
runs the grants (loader-grants.sql) as the admin, through the Data API with the admin secret: one
statement at a time (GRANT ASSUMEROLE refuses a transaction block), each waited for; a failed one
fails the deploy. Idempotent: ALTER USER when the user exists. Delete does nothing: the loader owns
the warehouse's tables, which go with the namespace.
"""
import hashlib
import json
import time

import boto3
import cfnresponse


def handler(event, context):
    props = event["ResourceProperties"]
    try:
        if event["RequestType"] != "Delete":
            apply(props, context)
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, props["UserName"])
    except Exception as e:  # every failure must reach CloudFormation, or it waits an hour
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, props["UserName"],
                         reason=str(e)[:1000])


def apply(props, context):
    sm = boto3.client("secretsmanager")
    secret = json.loads(sm.get_secret_value(SecretId=props["LoaderSecretArn"])["SecretString"])
    user = props["UserName"]
    if secret.get("username") != user:
        raise ValueError(f"the loader secret names {secret.get('username')!r}, not {user!r}")
    digest = "md5" + hashlib.md5((secret["password"] + user).encode()).hexdigest()
    data = boto3.client("redshift-data")
    exists = run(data, props, f"SELECT 1 FROM pg_user WHERE usename = '{user}'", context)
    verb = "ALTER" if exists else "CREATE"
    run(data, props, f"{verb} USER {user} PASSWORD '{digest}'", context, f"{verb} USER {user}")
    for sql in props["Statements"]:
        run(data, props, sql, context)


def run(data, props, sql, context, shown=None):
    """Runs one statement as the admin and waits for it; True when it returned a row."""
    shown = shown or sql  # never the password's digest in a message
    sid = data.execute_statement(WorkgroupName=props["WorkgroupName"], Database=props["Database"],
                                 SecretArn=props["AdminSecretArn"], Sql=sql)["Id"]
    while True:
        d = data.describe_statement(Id=sid)
        if d["Status"] == "FINISHED":
            break
        if d["Status"] in ("FAILED", "ABORTED"):
            raise RuntimeError(f"{shown}: {d['Status']}: {d.get('Error', '')}")
        if context.get_remaining_time_in_millis() < 15000:
            raise TimeoutError(f"{shown}: still {d['Status']} when the function's time ran out")
        time.sleep(2)
    return bool(d.get("HasResultSet")) and bool(data.get_statement_result(Id=sid)["Records"])
