"""Every router profile against outside evidence: captured pages and public clients' logins.

tests/data/cpe/<profile-id>/ holds, per profile, what public sources show of that firmware
(each file names its source): login vectors computed with the public clients' own functions,
lines by which they recognise a logged-out page or read a page token, and for the Mitrastar
EcoNet the captured 2.4 and 5 GHz pages of a real GPT-2741GNAC with their save scripts worked
out by hand. A profile without such data fails here.
"""

from __future__ import annotations

import re

import pytest
import yaml

from netops.cpe.flow import FlowRunner
from netops.cpe.request import cpe_profiles
from netops.cpe.web import WebSession, WebTarget

from .capture_server import DATA, CaptureRouter, captured_page

pytestmark = pytest.mark.integration

PROFILES = {profile.id: profile for profile in cpe_profiles()}


def _data(profile_id: str, name: str) -> dict:
    return yaml.safe_load((DATA / profile_id / name).read_text(encoding="utf-8"))


def _vectors() -> list[tuple[str, dict]]:
    return [(pid, vector) for pid in sorted(PROFILES) if (DATA / pid / "login.yaml").exists()
            for vector in _data(pid, "login.yaml")["vectors"]]


@pytest.mark.parametrize("profile_id", sorted(PROFILES))
def test_every_profile_has_outside_evidence_naming_its_source(profile_id):
    folder = DATA / profile_id
    files = sorted(folder.glob("*")) if folder.is_dir() else []
    assert files, f"no test data for the {profile_id} profile in {folder}"
    for path in files:
        head = path.read_text(encoding="utf-8")[:1500]
        assert re.search(r"(?im)^\W*sources?:", head), f"{path.name} does not name its source"


@pytest.mark.parametrize("profile_id, vector", _vectors(), ids=lambda v: v["name"] if isinstance(v, dict) else v)
def test_the_login_sends_what_the_public_client_sends(profile_id, vector):
    profile = PROFILES[profile_id]
    with CaptureRouter(vector) as router:
        target = WebTarget("127.0.0.1", [router.port], str(vector["user"]), vector["password"], 5.0)
        session = WebSession(target, profile, router.port, lambda text: None)
        try:
            session.login()
            assert session.logged_in
            accepted = router.logins[-1]
            for name, value in vector["form"].items():
                assert accepted[name] == str(value), name
            session.http.request("GET", "/after-login")
            for name, pattern in (vector.get("cookies_after") or {}).items():
                assert re.search(pattern, router.cookies_seen.get(name, "")), (name, router.cookies_seen.get(name))
        finally:
            session.close()


@pytest.mark.parametrize("profile_id", [pid for pid in sorted(PROFILES) if (DATA / pid / "login.yaml").exists()])
def test_pages_the_public_clients_take_for_logged_out_are_login_pages(profile_id):
    data = _data(profile_id, "login.yaml")
    runner = FlowRunner(type("Http", (), {"base_url": "http://192.0.2.1"})(), PROFILES[profile_id], {})
    for page in [*data.get("logged_out", []), *(v["login_page"] for v in data["vectors"])]:
        assert runner.is_login_page(page), page[:80]
    for vector in data["vectors"]:
        assert not runner.is_login_page(vector["accepted_page"])


@pytest.mark.parametrize("profile_id", [pid for pid in sorted(PROFILES)
                                        if "session_keys" in _data(pid, "login.yaml") if (DATA / pid / "login.yaml").exists()])
def test_page_tokens_are_read_as_the_public_clients_read_them(profile_id):
    steps = [step for step in PROFILES[profile_id].bands["2.4"].read if step.extract == "session_key" and step.regex]
    assert steps, "the profile reads no page token"
    for sample in _data(profile_id, "login.yaml")["session_keys"]:
        found = next((m.group(1) for p in steps[0].regex if (m := re.search(p, sample["line"]))), None)
        assert found == sample["key"], sample["line"]


def _script_fields(page: str, function: str) -> set[str]:
    """The keys of the `data` object the page's own save function posts."""
    body = page[page.index(f"function {function}()"):]
    block = body[body.index("var data = {") + len("var data = {"):]
    block = block[: block.index("}")]
    return {m.group(1) for line in block.splitlines() if not line.strip().startswith("//")
            if (m := re.match(r"\s*(\w+)\s*:", line))}


EXPECTED = _data("mitrastar-econet", "expected.yaml")["pages"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_captured_gpt_2741gnac_pages_are_read_and_saved_as_their_own_scripts_do(name):
    expected = EXPECTED[name]
    profile = PROFILES["mitrastar-econet"]
    vector = _data("mitrastar-econet", "login.yaml")["vectors"][0]
    page = captured_page("mitrastar-econet", name)
    with CaptureRouter(vector, {expected["path"]: page}) as router:
        target = WebTarget("127.0.0.1", [router.port], vector["user"], vector["password"], 5.0)
        session = WebSession(target, profile, router.port, lambda text: None)
        try:
            session.login()
            read = session.read(expected["band"])
            assert read is not None and (read.ssid, read.key) == ("SEU_SSID_WIFI", "SUA_SENHA_WIFI")
            for value_name, value in expected["shows"].items():
                assert session.runner.values.get(value_name) == value, value_name
            session.write(expected["band"], "Nova-Chave-123", None)
        finally:
            session.close()
    ((path, sent),) = router.saves
    assert path == expected["path"]
    wanted = {k: ("Nova-Chave-123" if v == "NEW_KEY" else str(v)) for k, v in expected["save"].items()}
    assert sent == wanted
    # the field names are the page script's own, plus what netops adds on purpose
    assert set(sent) == _script_fields(page, expected["script"]) | set(expected["extra"])
