"""`netops ixc ticket|diagnose` against the IXC stand-in and the lab's SNMP OLTs, as a user runs it.

The lab's tickets (netops/lab/data/ixc.yaml) point at the lab OLTs' teaching cases, so each
decision below is the one the real ONU state calls for, read over SNMP from snmpsim.
"""

from __future__ import annotations

import pytest

from .conftest import AT, LAB_TOKEN, lab_ixc_section

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("ticket, rule, level, onu", [
    ("1001", "offline-los", "N3", "0/1/0:1"),           # LOS on lab-huawei
    ("1002", "low-signal", "N2", "0/1/0:3"),            # low ONU Rx
    ("1003", "all-fine", "N1", "0/1/0:0"),              # the newest of two fibre records
    ("1004", "low-signal", "N2", "1/1/1:4"),            # a ZTE C300: shelf/slot/port from 1
    ("1008", "low-signal", "N2", "HWTC1A2B7BBC"),       # no ponid: found by its serial
    ("1011", "low-signal", "N2", "0/1/0:3"),            # no login on the ticket: the only one
])
def test_diagnose_decides_from_the_onu_on_record(ixc_cli, ticket, rule, level, onu):
    result = ixc_cli("diagnose", ticket, "--at", AT, "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert (data["rule"], data["level"]) == (rule, level)
    assert data["ixc"]["onu"]["onu"] == onu
    assert data["ixc"]["onu"]["verified_by_serial"] is True
    assert (data["ixc"]["ticket"], data["ixc"]["posted"], data["ixc"]["message_id"]) == (
        ticket, False, None)


def test_without_post_nothing_is_written_and_the_note_is_shown_exactly(ixc_cli, standin, golden):
    result = ixc_cli("diagnose", "1001", "--at", AT, "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    golden("ixc-diagnose", data)
    assert data["ixc"]["note"] == {
        "id_ticket": "1001",
        "mensagem": data["message"],
        "visibilidade_mensagens": "P",
    }
    # The IXC ticket's own protocol is the decision's, and it is in the text to be posted.
    assert data["protocol"] == "202607080031"
    assert "Protocolo 202607080031" in data["ixc"]["note"]["mensagem"]
    assert standin.notes("1001") == []


def test_post_writes_one_private_note_with_the_ticket_text(ixc_cli, standin, golden):
    result = ixc_cli("diagnose", "1001", "--at", AT, "--post", "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    golden("ixc-diagnose-posted", data)
    notes = standin.notes("1001")
    assert len(notes) == 1
    note = notes[0]
    assert (note["id_ticket"], note["visibilidade_mensagens"]) == ("1001", "P")
    assert note["mensagem"] == data["message"]
    assert "su_status" not in note  # closing or transferring stays the technician's act
    assert data["ixc"]["posted"] is True
    assert data["ixc"]["message_id"] == note["id"]
    assert "sem conexão" in note["mensagem"] and "LOS" in note["mensagem"]


def test_a_ticket_without_protocol_gets_the_case_number_in_the_note(ixc_cli, standin):
    result = ixc_cli("diagnose", "1002", "--at", AT, "--post", "-o", "json")
    assert result.code == 0, result.err
    protocol = result.json()["protocol"]
    assert protocol.startswith("20260708")
    assert f"Protocolo {protocol}" in standin.notes("1002")[0]["mensagem"]


def test_table_output_shows_what_would_be_posted(ixc_cli):
    result = ixc_cli("diagnose", "1002", "--at", AT)
    assert result.code == 0, result.err
    assert "would post on IXC ticket 1002 (private note; --post to post)" in result.out
    assert "visibilidade_mensagens: P" in result.out
    assert "ponid 0/1/0 and onu_numero 3 read as 0/1/0:3 on lab-huawei" in result.out


def test_a_stale_record_pointing_at_another_onu_is_never_judged(ixc_cli):
    # IXC says 0/1/0:2 with serial HWTC1A2B3C4D; the OLT has HWTC1A2B3DDE there (dying gasp).
    result = ixc_cli("diagnose", "1007", "--at", AT, "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    optical = next(c for c in data["checks"] if c["name"] == "optical")
    assert optical["status"] == "unknown" and optical["error"] == "serial_mismatch"
    assert "HWTC1A2B3DDE, not HWTC1A2B3C4D" in optical["summary"]
    assert data["rule"] == "unverified-no-connection"  # not dying-gasp: that is somebody else
    assert data["ixc"]["onu"]["verified_by_serial"] is False


def test_a_serial_no_olt_knows_is_an_unread_onu(ixc_cli):
    result = ixc_cli("diagnose", "1012", "--at", AT, "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    optical = next(c for c in data["checks"] if c["name"] == "optical")
    assert (optical["status"], optical["error"]) == ("unknown", "not_found")
    assert data["rule"] == "unverified-no-connection"
    assert data["ixc"]["onu"]["verified_by_serial"] is False


def test_a_request_that_needs_no_onu_is_decided_without_one(ixc_cli):
    result = ixc_cli("diagnose", "1010", "--at", AT, "-o", "json")  # Wi-Fi key, no login
    assert result.code == 0, result.err
    data = result.json()
    assert (data["rule"], data["ixc"]["onu"]) == ("wifi-key", None)


def test_complaint_option_overrides_an_unmapped_subject(ixc_cli):
    result = ixc_cli("diagnose", "1009", "--complaint", "intermittent", "--at", AT, "-o", "json")
    assert result.code == 0, result.err
    assert result.json()["rule"] == "all-fine"


def test_ticket_and_customer_text_is_inert(ixc_cli):
    for args in (("ticket", "1009"), ("diagnose", "1009", "--complaint", "intermittent",
                                      "--at", AT)):
        result = ixc_cli(*args)
        assert result.code == 0, result.err
        for shown in (result.out, result.err):
            assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert "\\u202eCampos" in result.out  # the override is shown, not obeyed
    data = ixc_cli("ticket", "1009", "-o", "json").json()
    assert data["ticket"]["title"] == "Financeiro "
    assert data["ticket"]["text"] == "Segunda via do boleto. URGENTE \nLigar à tarde."


def test_ticket_shows_the_record_and_what_netops_reads(ixc_cli, golden):
    result = ixc_cli("ticket", "1003", "-o", "json")
    golden("ixc-ticket", result.json())
    assert result.code == 0, result.err
    data = result.json()
    ticket = data["ticket"]
    assert ticket["customer"] == {"id": "503", "name": "Carla Dias"}
    assert ticket["login"]["login"] == "carla.dias" and ticket["login"]["online"] is True
    assert ticket["fibre"]["id"] == "710" and ticket["fibre_rows"] == 2
    assert ticket["opened_at"] == "2026-07-08T09:32:00"
    assert data["onu"]["onu"] == "0/1/0:0" and data["complaint"] == "no_connection"
    assert data["problems"] == []
    assert any("newest (id 710)" in note for note in ticket["notes"])


def test_ticket_lists_what_keeps_diagnose_from_running(ixc_cli):
    result = ixc_cli("ticket", "1005", "-o", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["ticket"]["fibre"] is None and data["onu"] is None
    assert len(data["problems"]) == 1 and "has no fibre record" in data["problems"][0]


def one_line_error(result, *pieces: str) -> None:
    assert result.code == 3, (result.out, result.err)
    assert result.err.count("netops: error:") == 1, result.err
    error = result.err.splitlines()[-1]
    assert "Traceback" not in result.err
    for piece in pieces:
        assert piece in error, error


@pytest.mark.parametrize("ticket, pieces", [
    ("1005", ["IXC login elisa.prado (ticket 1005) has no fibre record",
              "register the customer's ONU on the login in IXC"]),
    ("1006", ["IXC OLT id_transmissor 9 (fibre record 706) is not mapped",
              'add "9": <OLT name> under ixc.olts']),
    ("1009", ["IXC ticket 1009 has subject id_assunto 30, which ixc.subjects",
              'add "30": <complaint> under ixc.subjects, or pass --complaint']),
    ("4242", ["IXC has no ticket 4242 (su_ticket)"]),
    ("12x", ["malformed IXC ticket id '12x'"]),
])
def test_what_ixc_lacks_is_one_line_naming_the_fix(ixc_cli, ticket, pieces):
    one_line_error(ixc_cli("diagnose", ticket, "--at", AT, "-o", "json"), *pieces)


def test_a_bad_token_is_one_line(ixc_cli, monkeypatch):
    monkeypatch.setenv("NETOPS_IXC_TOKEN", "1:not-the-token")
    result = ixc_cli("diagnose", "1001", "--at", AT, "-o", "json")
    one_line_error(result, "IXC refused the token (HTTP 401)", "check NETOPS_IXC_TOKEN")
    assert "not-the-token" not in result.err + result.out


def test_a_token_without_a_table_permission_is_one_line(ixc_cli, monkeypatch):
    monkeypatch.setenv("NETOPS_IXC_TOKEN", "2:ixclab-sem-fibra")
    one_line_error(ixc_cli("diagnose", "1001", "--at", AT),
                   "IXC refused the listing of radpop_radio_cliente_fibra",
                   "allow the API token's user to use radpop_radio_cliente_fibra in IXC")


def test_a_token_that_may_not_write_notes_says_nothing_was_written(ixc_cli, standin, monkeypatch):
    monkeypatch.setenv("NETOPS_IXC_TOKEN", "3:ixclab-somente-leitura")
    result = ixc_cli("diagnose", "1001", "--at", AT, "--post", "-o", "json")
    one_line_error(result, "the note was not written on ticket 1001",
                   "IXC refused the insert into su_mensagens")
    shown = result.json()["ixc"]  # the decision is still shown, with what happened
    assert (shown["posted"], shown["written"]) == (False, "no")
    assert standin.notes("1001") == []


def test_a_missing_or_malformed_token_is_one_line(ixc_cli, monkeypatch):
    monkeypatch.delenv("NETOPS_IXC_TOKEN")
    one_line_error(ixc_cli("ticket", "1001"), "environment variable NETOPS_IXC_TOKEN is not set")
    monkeypatch.setenv("NETOPS_IXC_TOKEN", "4dacdb8e47193e8c")
    one_line_error(ixc_cli("ticket", "1001"), "NETOPS_IXC_TOKEN does not hold an IXC token",
                   "user_id:hash")


def test_ixc_down_is_one_line(ixc_cli, standin):
    standin.stop()
    one_line_error(ixc_cli("diagnose", "1001", "--at", AT),
                   f"cannot connect to IXC at {standin.url}", "check the URL")


def test_an_inventory_without_ixc_is_one_line(cli, lab_devices, tmp_path):
    from .conftest import write_inventory

    inventory = write_inventory(tmp_path / "inv.yaml", lab_devices["olts"], None)
    result = cli("--inventory", inventory, "ixc", "ticket", "1001")
    assert result.code == 3 and "has no ixc section" in result.err


@pytest.mark.parametrize("fault, written", [("drop_before_write", 0), ("drop_after_write", 1)])
def test_a_connection_lost_while_posting_says_it_is_not_known(ixc_cli, standin, fault, written):
    standin.fault(fault)
    result = ixc_cli("diagnose", "1001", "--at", AT, "--post", "-o", "json")
    one_line_error(result, "posting the note on ticket 1001",
                   "not known whether the note was written",
                   "check ticket 1001 before posting again")
    assert (result.json()["ixc"]["posted"], result.json()["ixc"]["written"]) == (False, "unknown")
    assert len(standin.notes("1001")) == written  # and it was sent only once


def test_a_slow_answer_to_the_post_is_never_sent_twice(ixc_cli, standin):
    quick = lab_ixc_section(standin.url, timeout_s=1)
    standin.fault("slow_write", delay_s=1.5)  # stores the note, answers after the timeout
    result = ixc_cli("diagnose", "1001", "--at", AT, "--post", ixc=quick)
    one_line_error(result, "not known whether the note was written")
    assert len(standin.notes("1001")) == 1


def test_slow_reads_are_retried_a_bounded_number_of_times(ixc_cli, standin):
    quick = lab_ixc_section(standin.url, timeout_s=1, retries=1)
    standin.fault("slow", count=1, delay_s=1.5)  # only the first read is slow: the retry answers
    result = ixc_cli("ticket", "1001", "-o", "json", ixc=quick)
    assert result.code == 0, result.err
    standin.fault("slow", count=10, delay_s=1.5)  # every read is slow: give up after 1 retry
    one_line_error(ixc_cli("ticket", "1001", ixc=quick), "no answer from IXC",
                   "within the timeout")


def test_an_html_error_page_is_one_line(ixc_cli, standin):
    standin.fault("html_error", count=10)
    one_line_error(ixc_cli("ticket", "1001"), "IXC answered the listing of su_ticket with an HTML "
                   "page, not JSON")


def test_a_url_that_is_not_the_webservice_is_one_line(ixc_cli, standin):
    result = ixc_cli("ticket", "1001", ixc=lab_ixc_section(standin.url + "/app"))
    one_line_error(result, "IXC answered HTTP 404 to the listing of su_ticket")


def test_a_redirect_to_a_login_page_is_one_line(ixc_cli, tmp_path):
    # An IXC that does not take the call as an API call sends its web login (a client's test of
    # such an answer: /app/login, Set-Cookie IXC_Session, text/html; public code corpus id
    # 55643808874). A small real server on loopback answers that way.
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Login(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(302)
            self.send_header("Location", "/app/login")
            self.send_header("Set-Cookie", "IXC_Session=abc")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Login)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        one_line_error(ixc_cli("ticket", "1001", ixc=lab_ixc_section(url)),
                       "IXC redirected the listing of su_ticket to /app/login",
                       "netops adds /webservice/v1")
    finally:
        server.shutdown()
        server.server_close()


def test_the_token_never_reaches_output_or_logs(ixc_cli, standin, caplog):
    import base64
    import logging

    caplog.set_level(logging.DEBUG)
    result = ixc_cli("diagnose", "1001", "--at", AT, "--post", "-o", "json")
    assert result.code == 0
    table = ixc_cli("ticket", "1001")
    encoded = base64.b64encode(LAB_TOKEN.encode()).decode()
    assert "POST /webservice/v1/su_mensagens" in caplog.text  # the debug log does speak
    for text in (result.out, result.err, table.out, table.err, caplog.text):
        assert "ixclab" not in text and encoded not in text


def test_ixc_gone_before_the_post_says_nothing_was_written(lab_devices, standin, tmp_path):
    from netops.errors import NetopsError
    from netops.isp import load_isp
    from netops.settings import load_inventory
    from netops.tickets.ixc import connect
    from netops.tickets.workflow import diagnose_ticket, post
    from netops.triage.diagnose import DiagnoseOptions
    from netops.triage.service import instant

    from .conftest import write_inventory

    inventory = load_inventory(write_inventory(tmp_path / "inv.yaml", lab_devices["olts"],
                                               lab_ixc_section(standin.url)))
    isp = load_isp("netcenter")
    system = connect(inventory.ixc, LAB_TOKEN)
    done = diagnose_ticket(system, "1001", inventory.ixc, inventory, isp, instant(AT, isp),
                           DiagnoseOptions(resolvers=[lab_devices["resolver"]], skip_speed=True))
    standin.stop()
    with pytest.raises(NetopsError) as error:
        post(system, done)
    system.close()
    assert error.value.code == "not_written"
    assert error.value.one_line().startswith(
        f"the note was not written on ticket 1001: cannot connect to IXC at {standin.url}")
    assert done.posted is False


def test_lab_up_starts_the_stand_in_and_writes_the_ixc_section(cli, tmp_path, monkeypatch):
    from netops.lab import manager

    monkeypatch.setenv("NETOPS_LAB_DIR", str(tmp_path / "lab"))
    services = manager.up(fixed_ports=False, only=["ixc"])
    try:
        (service,) = services
        assert "NETOPS_IXC_TOKEN=1:ixclab netops --inventory lab ixc diagnose 1001" in service.usage
        result = cli("--inventory", "lab", "ixc", "ticket", "1001", "-o", "json")
        assert result.code == 0, result.err
        data = result.json()
        assert data["ticket"]["customer"]["name"] == "Ana Souza"
        assert data["complaint"] == "no_connection"
        # only the stand-in runs: the lab OLT it maps to is not in this inventory
        assert data["problems"] == [
            f"{tmp_path / 'lab' / 'inventory.yaml'}: ixc.olts.1: unknown OLT 'lab-huawei' — "
            "inventory OLTs: none"]
    finally:
        manager.down()


def test_the_table_says_what_became_of_the_note(ixc_cli, standin):
    standin.fault("drop_after_write")
    result = ixc_cli("diagnose", "1001", "--at", AT, "--post")
    one_line_error(result, "not known whether the note was written")
    assert "NOT posted on IXC ticket 1001: not known whether it was written" in result.out
    result = ixc_cli("diagnose", "1002", "--at", AT, "--post")
    assert result.code == 0, result.err
    note_id = standin.notes("1002")[0]["id"]
    assert f"posted on IXC ticket 1002 as private note {note_id}" in result.out
