"""infra/bin/emr-tls: the PEM bundle EMR's in-transit encryption reads, for the region's node names."""

import subprocess
import zipfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "bin" / "emr-tls"


def openssl(*args, cwd):
    return subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.parametrize("region,domain", [("us-east-1", "ec2.internal"),
                                           ("eu-west-1", "eu-west-1.compute.internal")])
def test_bundle_holds_a_node_certificate_its_key_and_its_ca(tmp_path, region, domain):
    bundle = tmp_path / "emr-tls.zip"
    subprocess.run([str(SCRIPT), region, str(bundle)], check=True, capture_output=True)
    with zipfile.ZipFile(bundle) as z:
        assert sorted(z.namelist()) == ["certificateChain.pem", "privateKey.pem",
                                        "trustedCertificates.pem"]
        z.extractall(tmp_path)
    assert "certificateChain.pem: OK" in openssl(
        "verify", "-CAfile", "trustedCertificates.pem", "certificateChain.pem", cwd=tmp_path)
    names = openssl("x509", "-in", "certificateChain.pem", "-noout", "-ext", "subjectAltName",
                    cwd=tmp_path)
    assert f"DNS:*.{domain}" in names
    key = openssl("pkey", "-in", "privateKey.pem", "-pubout", cwd=tmp_path)
    cert = openssl("x509", "-in", "certificateChain.pem", "-noout", "-pubkey", cwd=tmp_path)
    assert key == cert


def test_a_bad_region_is_refused(tmp_path):
    r = subprocess.run([str(SCRIPT), "not a region", str(tmp_path / "x.zip")],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "not a region name" in r.stderr
    assert not (tmp_path / "x.zip").exists()
