"""MiniStack (PyPI, no Docker) on a free loopback port, and CloudFormation deploys into it.

The synthesized templates are deployed as `cdk deploy` would after `cdk bootstrap`: the bootstrap
version parameter and the assets bucket exist first, each template goes through a TemplateURL, and
the stacks are created in deploy order. MiniStack refuses a template that holds a resource type it
has no model for ("Unrecognized resource types: [...]"): those resources are taken out and the rest
is deployed with placeholders for what referred to them (see prune), so every supported resource's
properties, intrinsics and exports are exercised.
"""

import io
import json
import os
import re
import socket
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

import boto3

ACCOUNT = "000000000000"
REGION = "us-east-1"
QUALIFIER = "hnb659fds"
ASSETS_BUCKET = f"cdk-{QUALIFIER}-assets-{ACCOUNT}-{REGION}"
UNRECOGNIZED = re.compile(r"Unrecognized resource types: \[([^\]]*)\]")


class MiniStack:
    """One MiniStack process bound to 127.0.0.1 on a free port; stopped by close()."""

    def __init__(self, executable, log_path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, BIND_HOST="127.0.0.1", GATEWAY_PORT=str(self.port),
                   MINISTACK_REGION=REGION)
        self._log = open(log_path, "wb")
        self._process = subprocess.Popen([executable], env=env, stdout=self._log,
                                         stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.endpoint + "/_ministack/health", timeout=2):
                    return
            except OSError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError(f"MiniStack did not start; see {log_path}")
                time.sleep(0.2)

    def client(self, service):
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id="test", aws_secret_access_key="test")

    def close(self):
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._log.close()


def bootstrap(stack, cdk_out):
    """What `cdk bootstrap` leaves and `cdk deploy` publishes: the version, the file assets."""
    stack.client("ssm").put_parameter(Name=f"/cdk-bootstrap/{QUALIFIER}/version", Value="30",
                                      Type="String", Overwrite=True)
    s3 = stack.client("s3")
    s3.create_bucket(Bucket=ASSETS_BUCKET)
    for manifest in sorted(Path(cdk_out).glob("*.assets.json")):
        for asset in json.loads(manifest.read_text()).get("files", {}).values():
            source = Path(cdk_out) / asset["source"]["path"]
            body = _zip(source) if asset["source"].get("packaging") == "zip" else source.read_bytes()
            for destination in asset["destinations"].values():
                s3.put_object(Bucket=ASSETS_BUCKET, Key=destination["objectKey"], Body=body)


def _zip(directory):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(directory.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(directory).as_posix())
    return buffer.getvalue()


def references(node):
    """Logical ids and export names a template fragment refers to."""
    found = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "Ref" and isinstance(v, str):
                found.add(v)
            elif k == "Fn::GetAtt":
                found.add(v[0] if isinstance(v, list) else v.split(".")[0])
            elif k == "Fn::Sub":
                text = v[0] if isinstance(v, list) else v
                found.update(m.split(".")[0] for m in re.findall(r"\$\{([^!}][^}]*)\}", text))
            elif k == "Fn::ImportValue" and isinstance(v, str):
                found.add("import:" + v)
            found |= references(v)
    elif isinstance(node, list):
        for v in node:
            found |= references(v)
    return found


def prune(template, types, pruned_exports):
    """The template without the resources of `types`; what was taken out, and the exports gone.

    A reference to a resource taken out (Ref, GetAtt, Sub, an import of an export that went with
    it) becomes a placeholder string, and DependsOn on it is dropped, so the resources that use it
    are still created and checked: the emulator validates shapes, not the values of ARNs and ids.
    """
    resources = template["Resources"]
    gone = {k: r["Type"] for k, r in resources.items() if r["Type"] in types}
    kept = dict(template)
    kept["Resources"] = {}
    for k, r in resources.items():
        if k in gone:
            continue
        r = _stub(r, gone, pruned_exports)
        depends = [d for d in _list(r.get("DependsOn")) if d not in gone]
        r.pop("DependsOn", None)
        if depends:
            r["DependsOn"] = depends
        kept["Resources"][k] = r
    outputs, dropped = {}, set()
    for name, output in template.get("Outputs", {}).items():
        deps = references(output)
        imports = {d[7:] for d in deps if d.startswith("import:")}
        export = output.get("Export", {}).get("Name")
        if (deps & set(gone) or imports & pruned_exports) and export:
            dropped.add(export)
        outputs[name] = _stub(output, gone, pruned_exports)
    kept["Outputs"] = outputs
    return kept, gone, dropped


def _stub(node, gone, pruned_exports):
    if isinstance(node, dict):
        if len(node) == 1:
            (k, v), = node.items()
            if k == "Ref" and v in gone:
                return f"emulated-{v}"
            if k == "Fn::GetAtt":
                target = v[0] if isinstance(v, list) else v.split(".")[0]
                if target in gone:
                    return f"arn:aws:emulated:us-east-1:000000000000:resource/{target}/emulated"
            if k == "Fn::ImportValue" and isinstance(v, str) and v in pruned_exports:
                return f"arn:aws:emulated:us-east-1:000000000000:export/{v.split(':')[-1]}/emulated"
            if k == "Fn::Sub":
                text, variables = (v[0], v[1]) if isinstance(v, list) else (v, {})
                for m in set(re.findall(r"\$\{([^!}][^}]*)\}", text)):
                    if m.split(".")[0] in gone and m not in variables:
                        text = text.replace("${" + m + "}", "emulated-" + m.split(".")[0])
                v = [text, _stub(variables, gone, pruned_exports)] if variables else text
                return {k: v}
        return {k: _stub(v, gone, pruned_exports) for k, v in node.items()}
    if isinstance(node, list):
        return [_stub(v, gone, pruned_exports) for v in node]
    return node


def _list(x):
    return [] if x is None else x if isinstance(x, list) else [x]


def deploy(stack, name, template):
    """Creates the stack; (status, reason of the first failure, or the validation error)."""
    cfn = stack.client("cloudformation")
    key = f"templates/{name}-{int(time.time() * 1000)}.json"
    stack.client("s3").put_object(Bucket=ASSETS_BUCKET, Key=key, Body=json.dumps(template))
    try:
        cfn.create_stack(StackName=name, TemplateURL=f"{stack.endpoint}/{ASSETS_BUCKET}/{key}",
                         Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM",
                                       "CAPABILITY_AUTO_EXPAND"])
    except cfn.exceptions.ClientError as e:
        return "VALIDATION_FAILED", e.response["Error"]["Message"]
    deadline = time.monotonic() + 300
    while True:
        s = cfn.describe_stacks(StackName=name)["Stacks"][0]
        if not s["StackStatus"].endswith("_IN_PROGRESS") or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    failures = [e for e in cfn.describe_stack_events(StackName=name)["StackEvents"]
                if e["ResourceStatus"].endswith("_FAILED")]
    reason = "; ".join(f"{e['LogicalResourceId']} ({e.get('ResourceType')}): "
                       f"{e.get('ResourceStatusReason')}" for e in failures)
    return s["StackStatus"], reason


def unrecognized(message):
    m = UNRECOGNIZED.search(message or "")
    return {t.strip().strip("'\"") for t in m.group(1).split(",")} if m else set()
