"""Contract between the DAGs (Python) and the jobs (Java): every command a DAG builds must be one
the jobs accept. The job catalogue comes from the Java side itself (`bin/cardstream jobs --json`,
generated from the picocli specs), and the jars are the ones Maven built, so a renamed class,
option or jar fails here instead of on the cluster at 02:00."""

from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from cardstream import shell
from conftest import REPO, tail


@pytest.fixture(scope="session")
def catalogue_json() -> dict:
    # No skip: if the catalogue cannot be produced, the contract cannot be checked, which fails.
    proc = subprocess.run(
        [str(REPO / "bin" / "cardstream"), "jobs", "--json"],
        capture_output=True,
        text=True,
        timeout=1800,  # the first call may build the CLI
    )
    assert proc.returncode == 0, "bin/cardstream jobs --json failed:\n" + tail(proc.stderr)
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def catalogue(catalogue_json) -> dict[str, dict]:
    jobs = catalogue_json["jobs"]
    assert jobs, "the job catalogue is empty"
    return {j["name"]: j for j in jobs}


def built_commands(dag) -> list[dict]:
    """What each task of a parsed DAG runs: job (by CLI name or main class), jar, option names."""
    out = []
    for t in dag.tasks:
        if t.task_type == "EmrAddStepsOperator":
            for step in t.steps:
                args = step["HadoopJarStep"]["Args"]
                assert args[:4] == ["spark-submit", "--deploy-mode", "cluster", "--class"], args
                out.append(
                    {"task": t.task_id, "main_class": args[4], "jar": args[5], "args": args[6:]}
                )
        elif t.task_type == "BashOperator":
            argv = shell.arguments(t.bash_command)
            assert argv[0].endswith("/bin/cardstream"), argv
            out.append({"task": t.task_id, "name": argv[1], "args": argv[2:]})
    return out


def option_names(args: list[str]) -> set[str]:
    return {a for a in args if a.startswith("--")}


def class_in_jar(jar_path, main_class: str) -> bool:
    with zipfile.ZipFile(jar_path) as z:
        return main_class.replace(".", "/") + ".class" in z.namelist()


def test_every_dag_command_is_accepted_by_its_job(dagbag, mode, catalogue):
    commands = [c for dag in dagbag.dags.values() for c in built_commands(dag)]
    # The seven nightly steps (EMR steps or bin/cardstream calls) plus the watchdog's topics and
    # stream steps.
    assert len(commands) == 9
    by_class = {j["main_class"]: j for j in catalogue.values()}
    for c in commands:
        where = f"{mode} {c['task']}"
        if "main_class" in c:
            job = by_class.get(c["main_class"])
            assert job, f"{where}: no job has main class {c['main_class']}"
            # On S3 the jar keeps the file name Maven gives it.
            assert c["jar"].rsplit("/", 1)[-1] == job["jar"].rsplit("/", 1)[-1], where
        else:
            job = catalogue.get(c["name"])
            assert job, f"{where}: bin/cardstream has no job {c['name']}"
        jar = REPO / job["jar"]
        assert jar.is_file(), f"{where}: {jar} is not built"
        assert class_in_jar(jar, job["main_class"]), f"{where}: {job['main_class']} not in {jar}"

        known = {n for o in job["options"] for n in o["names"]}
        passed = option_names(c["args"])
        assert passed <= known, f"{where}: {job['name']} has no option(s) {sorted(passed - known)}"
        for o in job["options"]:
            if o.get("required"):
                assert passed & set(o["names"]), f"{where}: required {o['names']} not passed"


def test_catalogue_names_every_job_the_dags_know(catalogue):
    from cardstream import jobs

    for name, job in jobs.JOBS.items():
        assert name in catalogue, name
        assert catalogue[name]["main_class"] == job.main_class, name
        assert catalogue[name]["jar"] == job.jar, name


def test_the_dags_copy_of_the_lake_contract_is_the_jobs(catalogue_json):
    from cardstream import jobs

    # Regenerate with: bin/cardstream jobs --json | python3 -c "import json,sys;
    # print(json.dumps(json.load(sys.stdin)['contract'], indent=2))" > dags/cardstream/contract.json
    assert jobs.CONTRACT == catalogue_json["contract"]
