"""`netops wifi reset` end to end through the CLI against the simulated routers, every family."""

from __future__ import annotations

import pytest

from .conftest import FAMILY_MODEL, LAB_PASSWORD, MODELS

pytestmark = pytest.mark.integration  # real servers on loopback

FAMILIES = sorted(FAMILY_MODEL)


def reset(cli, server, model, *extra):
    return cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", model, "-o", "json", *extra)


@pytest.mark.parametrize("model", sorted(MODELS))
def test_every_profile_changes_and_verifies_both_bands(env, cli, router, model, golden):
    server = router(MODELS[model])
    result = reset(cli, server, model)
    assert result.code == 0, result.err
    data = result.json()
    golden("wifi-reset-web", data)
    assert data["status"] == "ok" and data["model"] == model and data["port"] == server.port
    assert [b["band"] for b in data["bands"]] == ["2.4", "5"]
    assert all(b["status"] == "changed" and b["verified"] is True for b in data["bands"])
    state = server.state()
    assert state["bands"]["2.4"]["key"] == data["key"] == state["bands"]["5"]["key"]
    # nothing but the key changed: radio on/off, SSID broadcast, WPS, security mode, cipher
    from netops.lab.routers import Router

    assert state["settings"] == Router(MODELS[model], "admin", "x", set(), 0).settings
    assert len(data["key"]) == 12
    assert state["counters"]["failed_logins"] == 0
    assert state["counters"]["logouts"] >= 1
    (record,) = env.audit()
    assert record["result"] == "ok" and record["model"] == model and record["operator"] == "tech-ana"
    assert [b["status"] for b in record["bands"]] == ["changed", "changed"]


@pytest.mark.parametrize("family", FAMILIES)
def test_given_key_and_ssid_on_one_band(env, cli, router, family):
    server = router(family)
    result = reset(cli, server, FAMILY_MODEL[family], "--band", "5", "--key", "Troca-Senha-2024", "--ssid", "Casa 5G")
    assert result.code == 0, result.err
    (band,) = result.json()["bands"]
    assert band["band"] == "5" and band["ssid"] == "Casa 5G" and band["verified"] is True
    assert band["detail"] == "read back: new key"
    state = server.state()["bands"]
    assert state["5"] == {"ssid": "Casa 5G", "key": "Troca-Senha-2024"}
    assert state["2.4"]["key"] == "OldKey2g2024"  # the other band is left alone


@pytest.mark.parametrize("family", FAMILIES)
def test_wrong_password_is_an_auth_error(env, cli, router, family, monkeypatch):
    server = router(family)
    monkeypatch.setenv("NETOPS_CPE_PASSWORD", "not-the-password")
    result = reset(cli, server, FAMILY_MODEL[family])
    assert result.code == 3
    assert result.out == ""
    assert "refused the login" in result.err and result.err.strip().splitlines()[-1].startswith("netops: error:")
    state = server.state()
    assert state["counters"]["saves"] == 0 and state["counters"]["failed_logins"] >= 1
    (record,) = env.audit()
    assert record["result"] == "error" and record["error"] == "auth_failed"


@pytest.mark.parametrize("family", FAMILIES)
def test_expired_session_logs_in_again(env, cli, router, family):
    server = router(family, faults="expire_session")
    result = reset(cli, server, FAMILY_MODEL[family])
    assert result.code == 0, result.err
    assert "session expired" in result.err
    assert server.state()["counters"]["expired"] == 1
    assert all(b["verified"] for b in result.json()["bands"])


@pytest.mark.parametrize("family", FAMILIES)
def test_forbidden_character_is_refused_before_sending(env, cli, router, family):
    server = router(family)
    result = reset(cli, server, FAMILY_MODEL[family], "--key", "has space in it")
    assert result.code == 3
    assert "a space" in result.err and "has space in it" not in result.err
    counters = server.state()["counters"]
    assert counters["logins"] == 0 and counters["saves"] == 0


@pytest.mark.parametrize("family", FAMILIES)
def test_page_rejecting_a_character_is_reported_failed(env, cli, router, family):
    """A user profile that forgot the page's rule: the page refuses, the band is failed."""
    from netops.profiles import builtin_profiles_dir

    profile_id = {"mitrastar-econet": "mitrastar-econet", "mitrastar-broadcom": "mitrastar-broadcom",
                  "askey-broadcom": "askey-broadcom", "askey-econet": "askey-econet"}[family]
    text = (builtin_profiles_dir() / "cpe" / f"{profile_id}.yaml").read_text()
    lines = ['  forbidden: ""' if line.lstrip().startswith("forbidden:") else line for line in text.splitlines()]
    (env.profiles_dir / "cpe").mkdir()
    (env.profiles_dir / "cpe" / f"{profile_id}.yaml").write_text("\n".join(lines) + "\n")
    server = router(family)
    result = reset(cli, server, FAMILY_MODEL[family], "--band", "2.4", "--key", "with'quote1")
    assert result.code == 2, result.err
    (band,) = result.json()["bands"]
    assert band["status"] == "failed" and band["error"] == "rejected" and band["verified"] is False
    state = server.state()
    assert state["counters"]["rejected"] == 1 and state["bands"]["2.4"]["key"] == "OldKey2g2024"


@pytest.mark.parametrize("family", FAMILIES)
def test_save_that_drops_the_connection_is_waited_for_and_verified(env, cli, router, family):
    server = router(family, faults="drop_on_save", restart=0.5)
    result = reset(cli, server, FAMILY_MODEL[family], "--wait", "15")
    assert result.code == 0, result.err
    assert "connection dropped" in result.err
    data = result.json()
    assert all(b["status"] == "changed" and b["verified"] for b in data["bands"])
    assert server.state()["bands"]["5"]["key"] == data["key"]


@pytest.mark.parametrize("family", FAMILIES)
def test_router_that_does_not_come_back_is_pending_not_failed(env, cli, router, family):
    server = router(family, faults="never_back")
    result = reset(cli, server, FAMILY_MODEL[family], "--wait", "1")
    assert result.code == 2, result.err  # critical: one band was never sent
    bands = {b["band"]: b for b in result.json()["bands"]}
    assert bands["2.4"]["status"] == "pending" and bands["2.4"]["verified"] is None
    # the 5 GHz save was never sent: reported, not silently skipped
    assert bands["5"]["status"] == "not_sent" and "not sent" in bands["5"]["detail"]
    (record,) = env.audit()
    assert record["result"] == "critical"
    assert [b["status"] for b in record["bands"]] == ["pending", "not_sent"]
    # asked for one band only, the same router is pending: a warning, never a failure
    server.process.kill()
    server.process.wait()
    server = router(family, faults="never_back")
    result = reset(cli, server, FAMILY_MODEL[family], "--wait", "0.5", "--band", "2.4")
    assert result.code == 1, result.err
    assert result.json()["bands"][0]["status"] == "pending"


@pytest.mark.parametrize("family", FAMILIES)
def test_masked_key_cannot_be_verified(env, cli, router, family):
    server = router(family, faults="mask_key")
    result = reset(cli, server, FAMILY_MODEL[family])
    assert result.code == 1
    assert all(b["status"] == "unverified" and b["verified"] is None for b in result.json()["bands"])


@pytest.mark.parametrize("family", FAMILIES)
def test_save_ignored_is_caught_by_the_read_back(env, cli, router, family):
    server = router(family, faults="ignore_save")
    result = reset(cli, server, FAMILY_MODEL[family])
    assert result.code == 2
    for band in result.json()["bands"]:
        assert band["status"] == "failed" and band["verified"] is False and band["error"] == "old_key"


@pytest.mark.parametrize("family", ["askey-broadcom", "mitrastar-broadcom"])
def test_radio_pages_that_name_neither_band_nor_key(env, cli, router, family):
    server = router(family, faults="plain_radio_pages")
    result = reset(cli, server, FAMILY_MODEL[family], "--ssid", "Casa")
    assert result.code == 0, result.err
    assert all(b["status"] == "changed" and b["ssid"] == "Casa" for b in result.json()["bands"])
    assert server.state()["bands"]["5"]["ssid"] == "Casa"


def test_percent_encoded_login_variant(env, cli, router, monkeypatch):
    server = router("mitrastar-econet", faults="percent_login", password="net2019*")
    monkeypatch.setenv("NETOPS_CPE_PASSWORD", "net2019*")
    result = reset(cli, server, "GPT-2742GX4X5")
    assert result.code == 0, result.err
    assert server.state()["counters"]["failed_logins"] == 1  # the plain hash is tried first


def test_ports_from_the_isp_profile_in_order(env, cli, router):
    from netops.lab.state import free_port
    from netops.profiles import builtin_profiles_dir

    server = router("askey-econet")
    closed = free_port()
    isp = (builtin_profiles_dir() / "isp" / "netcenter.yaml").read_text()
    isp = isp.replace("ports: [80, 8081]", f"ports: [{closed}, {server.port}]")
    assert str(server.port) in isp
    (env.profiles_dir / "isp").mkdir()
    (env.profiles_dir / "isp" / "netcenter.yaml").write_text(isp)
    result = cli("wifi", "reset", "127.0.0.1", "--model", "RTF8115VW", "-o", "json")
    assert result.code == 0, result.err
    assert result.json()["port"] == server.port


def test_a_port_with_another_service_is_skipped(env, cli, router):
    """Runbook: 80, else 8081. Port 80 may answer with something else entirely."""
    from netops.profiles import builtin_profiles_dir

    other = router("askey-broadcom")  # a web server, but not a Mitrastar EcoNet login
    server = router("mitrastar-econet")
    isp = (builtin_profiles_dir() / "isp" / "netcenter.yaml").read_text()
    (env.profiles_dir / "isp").mkdir()
    (env.profiles_dir / "isp" / "netcenter.yaml").write_text(
        isp.replace("ports: [80, 8081]", f"ports: [{other.port}, {server.port}]")
    )
    result = cli("wifi", "reset", "127.0.0.1", "--model", "GPT-2741GNAC", "-o", "json")
    assert result.code == 0, result.err
    assert result.json()["port"] == server.port
    assert "does not look like" in result.err


def test_nothing_listening_is_unreachable(env, cli):
    from netops.lab.state import free_port

    result = cli("wifi", "reset", "127.0.0.1", "--port", str(free_port()), "--model", "RTF3505VW")
    assert result.code == 3
    assert "did not answer on port" in result.err
    (record,) = env.audit()
    assert record["error"] == "unreachable"


def test_table_output_shows_the_key_and_bands(env, cli, router):
    server = router("mitrastar-econet")
    result = cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "GPT-2741GNAC",
                 "--key", "Cliente-Feliz-7")
    assert result.code == 0, result.err
    assert "Cliente-Feliz-7" in result.out and "2.4 GHz" in result.out and "changed" in result.out


def test_the_table_names_band_states_in_words(env, cli, router):
    """A band never sent reads `not sent` in the table (JSON keeps `not_sent`), unread `—`."""
    server = router("mitrastar-econet", faults="never_back")
    result = cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "GPT-2741GNAC",
                 "--wait", "1")
    assert result.code == 2, result.err
    cells = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
             for line in result.out.splitlines() if "GHz" in line and line.startswith("│")}
    assert cells["2.4 GHz"][1:3] == ["pending", "—"] and cells["5 GHz"][1:3] == ["not sent", "—"], cells
    assert "not_sent" not in result.out


def test_key_and_generate_together_is_bad_input(env, cli):
    result = cli("wifi", "reset", "10.0.0.1", "--model", "RTF3505VW", "--key", "abcdefgh1", "--generate")
    assert result.code == 3 and "not both" in result.err


def test_no_password_and_no_terminal_is_one_line(env, cli, monkeypatch, router):
    server = router("askey-broadcom")
    monkeypatch.delenv("NETOPS_CPE_PASSWORD")
    result = reset(cli, server, "RTF3505VW")
    assert result.code == 3
    assert result.err.strip().splitlines() == [
        line for line in result.err.strip().splitlines() if line.startswith("netops: error:")
    ]
    assert "NETOPS_CPE_PASSWORD" in result.err and "no terminal" in result.err
    assert server.state()["counters"]["logins"] == 0


def test_password_from_the_keyring(env, cli, monkeypatch, router, keyring_memory):
    server = router("askey-broadcom")
    monkeypatch.delenv("NETOPS_CPE_PASSWORD")
    keyring_memory.set_password("netops", "NETOPS_CPE_PASSWORD", LAB_PASSWORD)
    result = reset(cli, server, "RTF3507VW")
    assert result.code == 0, result.err


def test_key_from_stdin_stays_out_of_argv(env, cli, router, monkeypatch):
    import io

    server = router("mitrastar-broadcom")
    monkeypatch.setattr("sys.stdin", io.StringIO("Da-Entrada-42\n"))
    result = reset(cli, server, "GPT-2541GNAC", "--key", "-")
    assert result.code == 0, result.err
    assert server.state()["bands"]["2.4"]["key"] == "Da-Entrada-42"


def test_session_lost_signs():
    """A lost session shows as the login page, a redirect to it, or 401/403."""
    from netops.cpe.flow import FlowRunner
    from netops.cpe.request import profile_for_model

    class Http:
        base_url = "http://192.0.2.1"

    runner = FlowRunner(Http(), profile_for_model("GPT-2541GNAC"), {})  # type: ignore[arg-type]
    assert runner.is_login_page('<script>var sid = "ab12";</script>')
    assert runner.is_login_page("<html></html>", "/login_frame.html")
    assert runner.is_login_page("", "/wlsecurity.html", 403)
    assert not runner.is_login_page("<script>var sessionKey = '12';</script>", "/wlswitchinterface0.wl")


@pytest.mark.parametrize("model", sorted(MODELS))
def test_each_profile_reads_what_the_page_shows(env, router, model):
    """The read flow finds the SSID and the key themselves, for every band, not empty values."""
    from netops.cpe.request import profile_for_model
    from netops.cpe.web import WebTarget, connect

    server = router(MODELS[model])
    target = WebTarget("127.0.0.1", [server.port], "admin", LAB_PASSWORD)
    session = connect(target, profile_for_model(model), lambda text: None)
    try:
        state = server.state()["bands"]
        for band in ("2.4", "5"):
            read = session.read(band)
            assert (read.ssid, read.key) == (state[band]["ssid"], state[band]["key"])
    finally:
        session.logout()
        session.close()


@pytest.mark.parametrize("family", FAMILIES)
def test_refused_login_is_one_error_line_and_no_key(env, cli, router, family, monkeypatch):
    """Nothing was sent, so there is no key to show: the error is the only line."""
    server = router(family)
    monkeypatch.setenv("NETOPS_CPE_PASSWORD", "not-the-password")
    result = reset(cli, server, FAMILY_MODEL[family], "--key", "Nunca-Mostrada-1")
    assert result.code == 3
    (line,) = result.err.strip().splitlines()
    assert line.startswith("netops: error:") and "Nunca-Mostrada-1" not in result.err


def test_a_port_that_is_not_this_router_is_one_error_line(env, cli, router):
    other = router("askey-broadcom")
    result = reset(cli, other, "GPT-2741GNAC")
    assert result.code == 3
    (line,) = result.err.strip().splitlines()
    assert line.startswith("netops: error:") and "does not look like a Mitrastar EcoNet login page" in line


@pytest.mark.parametrize("output", ["json", "table"])
def test_a_key_with_brackets_is_shown_as_typed(env, cli, router, output):
    """Square brackets are text, not console markup: the technician reads out the real key."""
    server = router("mitrastar-econet")
    key = "Ab[red]12[/]xyz"
    result = cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "GPT-2741GNAC",
                 "--key", key, "-o", output)
    assert result.code == 0, result.err
    assert f"New Wi-Fi key: {key}" in result.err
    assert key in result.out
    assert server.state()["bands"]["2.4"]["key"] == key


def test_an_ssid_with_brackets_is_shown_as_typed(env, cli, router):
    server = router("askey-econet")
    result = cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "RTF8115VW",
                 "--band", "2.4", "--ssid", "Casa [b]Nova[/b]")
    assert result.code == 0, result.err
    assert "Casa [b]Nova[/b]" in result.out
    assert server.state()["bands"]["2.4"]["ssid"] == "Casa [b]Nova[/b]"


@pytest.mark.parametrize("family", FAMILIES)
def test_key_and_ssid_change_keep_every_other_setting(env, cli, router, family):
    """Broadcom .wl handlers reset what the query leaves out: the current settings are resent."""
    from netops.lab.routers import Router

    server = router(family)
    result = reset(cli, server, FAMILY_MODEL[family], "--ssid", "Casa-Nova", "--key", "Troca-Tudo-2024")
    assert result.code == 0, result.err
    state = server.state()
    assert state["bands"]["2.4"] == state["bands"]["5"] == {"ssid": "Casa-Nova", "key": "Troca-Tudo-2024"}
    assert state["settings"] == Router(family, "admin", "x", set(), 0).settings


@pytest.mark.parametrize("family", ["askey-broadcom", "mitrastar-broadcom"])
def test_ssid_change_on_plain_radio_pages_keeps_the_radio_on(env, cli, router, family):
    """Radio pages that show no settings: the security page supplies them for wlcfg.wl."""
    from netops.lab.routers import Router

    server = router(family, faults="plain_radio_pages")
    result = reset(cli, server, FAMILY_MODEL[family], "--ssid", "Casa")
    assert result.code == 0, result.err
    assert server.state()["settings"] == Router(family, "admin", "x", set(), 0).settings


@pytest.mark.parametrize("family", ["askey-broadcom", "mitrastar-broadcom"])
def test_pages_that_name_both_bands_fall_back_to_the_usual_numbering(env, cli, router, family):
    """A menu naming 2.4 and 5 GHz on every radio page says nothing about which radio it is."""
    server = router(family, faults="band_menu")
    result = reset(cli, server, FAMILY_MODEL[family])
    assert result.code == 0, result.err
    assert [b["status"] for b in result.json()["bands"]] == ["changed", "changed"]
    state = server.state()["bands"]
    assert state["2.4"]["key"] == state["5"]["key"] == result.json()["key"]


@pytest.mark.parametrize("output", ["json", "table"])
def test_an_ssid_from_the_router_is_inert_text(env, cli, router, output):
    """An SSID set on the router itself may hold escape sequences: they never reach the terminal."""
    hostile = "Casa\x1b[2J\x1b]0;owned\x07[red]X[/red]\u202e"
    server = router("askey-broadcom", ssids={"2.4": hostile})
    result = cli("wifi", "reset", "127.0.0.1", "--port", str(server.port), "--model", "RTF3505VW",
                 "--band", "2.4", "-o", output)
    assert result.code == 0, result.err
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out and "\u202e" not in result.out
    shown = result.json()["bands"][0]["ssid"] if output == "json" else result.out
    assert "Casa[red]X[/red]\\u202e" in shown  # markup shown as typed, the override made visible
    assert server.state()["bands"]["2.4"]["ssid"] == hostile  # sent back to the router unchanged
