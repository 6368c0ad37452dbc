"""The synthesized templates deployed to MiniStack, an AWS emulator from PyPI (no Docker, no
account): every stack in deploy order, each reaching CREATE_COMPLETE with everything the emulator
can create. What it cannot create is listed here, per stack, and must match exactly: a new type
the emulator does not know fails this test until it is listed (and docs/deploy.md says so).

Run by infra/bin/deploy-check (after the infra tests wrote infra/cdk.out), which bin/test runs.
"""

import json
import os
from pathlib import Path

import pytest

from emulator import MiniStack, bootstrap, deploy, prune, unrecognized

CDK_OUT = Path(os.environ.get("CDK_OUT", Path(__file__).resolve().parents[1] / "cdk.out"))

# Deploy order (docs/deploy.md).
STACKS = ["CardstreamBase", "CardstreamWarehouse", "CardstreamEmr", "CardstreamAirflow",
          "CardstreamCollector"]

# Resource types MiniStack 1.5.33 has no CloudFormation model for: it refuses the template.
CANNOT_CREATE = {
    "CardstreamBase": {"AWS::EC2::EIP", "AWS::EC2::FlowLog", "AWS::EC2::NatGateway",
                       "AWS::EC2::SecurityGroupIngress", "AWS::MSK::ServerlessCluster"},
    "CardstreamWarehouse": {"AWS::RedshiftServerless::Namespace",
                            "AWS::RedshiftServerless::Workgroup"},
    "CardstreamEmr": {"AWS::EMR::Cluster", "AWS::EMR::SecurityConfiguration"},
    "CardstreamAirflow": {"AWS::MWAA::Environment"},
    "CardstreamCollector": {"AWS::ApplicationAutoScaling::ScalableTarget",
                            "AWS::ApplicationAutoScaling::ScalingPolicy",
                            "AWS::EC2::SecurityGroupEgress",
                            "AWS::EC2::SecurityGroupIngress",
                            "AWS::WAFv2::LoggingConfiguration",
                            "AWS::WAFv2::WebACLAssociation"},
}

# Types it knows but cannot run: the CDK's Node.js custom resources, whose handlers call AWS SDK
# clients MiniStack's local Lambda executor has no stub for (EC2 for the default security group's
# restriction; Kafka for the bootstrap-broker lookup), and the warehouse loader's, which runs SQL
# through the Redshift Data API on the workgroup MiniStack cannot create.
CANNOT_RUN = {"Custom::VpcRestrictDefaultSG", "Custom::AWS", "Custom::RedshiftLoader"}


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    missing = [s for s in STACKS if not (CDK_OUT / f"{s}.template.json").is_file()]
    assert not missing, f"no templates for {missing} in {CDK_OUT}: run the infra tests first"
    log = tmp_path_factory.mktemp("ministack") / "ministack.log"
    emulator = MiniStack(os.environ.get("MINISTACK", "ministack"), log)
    try:
        bootstrap(emulator, CDK_OUT)
        results, pruned_exports = {}, set()
        for name in STACKS:
            template = json.loads((CDK_OUT / f"{name}.template.json").read_text())
            status, message = deploy(emulator, name + "-probe", template)
            refused = unrecognized(message) if status == "VALIDATION_FAILED" else set()
            if status != "VALIDATION_FAILED":
                refused = set()
            kept, gone, dropped = prune(template, refused | CANNOT_RUN, pruned_exports)
            pruned_exports |= dropped
            status, reason = deploy(emulator, name, kept)
            results[name] = {"refused": refused, "status": status, "reason": reason,
                             "deployed": len(kept["Resources"]), "pruned": gone}
            print(f"{name}: {status}, {len(kept['Resources'])} resources created,"
                  f" {len(gone)} left out ({sorted(set(gone.values()))})")
        yield results
    finally:
        emulator.close()


@pytest.mark.parametrize("stack", STACKS)
def test_what_the_emulator_cannot_create_is_exactly_the_list(deployed, stack):
    assert deployed[stack]["refused"] == CANNOT_CREATE[stack]


@pytest.mark.parametrize("stack", STACKS)
def test_everything_else_is_created(deployed, stack):
    result = deployed[stack]
    assert result["status"] == "CREATE_COMPLETE", result["reason"]
    assert result["deployed"] > 0
