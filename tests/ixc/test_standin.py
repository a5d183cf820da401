"""The IXC stand-in answers requests shaped exactly as public IXC clients send them.

Each request below copies a public client (named in the test): if the stand-in drifted from the
contract those clients rely on, these fail, whatever netops's own client does.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from .conftest import LAB_TOKEN

pytestmark = pytest.mark.integration


def test_ixcpy_listing_with_grid_param(standin):
    # SousaFelipe/ixcpy ixcpy/connection.py `many()`: qtype is the table, query and oper empty,
    # the filter in grid_param (a JSON string), sortname table.col.
    status, _, body = standin.call("radpop_radio_cliente_fibra", {
        "qtype": "radpop_radio_cliente_fibra", "query": "", "oper": "", "page": 1, "rp": 20,
        "sortname": "radpop_radio_cliente_fibra.id", "sortorder": "desc",
        "grid_param": json.dumps([{"TB": "radpop_radio_cliente_fibra.id_login", "OP": "=",
                                   "P": "603"}]),
    })
    assert status == 200
    assert (body["page"], body["total"]) == ("1", "2")
    assert [row["id"] for row in body["registros"]] == ["710", "703"]
    assert all(isinstance(v, str) for row in body["registros"] for v in row.values())


def _raw(standin, table, data: bytes, content_type: str, method="POST", listing=True):
    headers = {"Content-Type": content_type, "Authorization": "Basic " +
               base64.b64encode(LAB_TOKEN.encode()).decode()}
    if listing:
        headers["ixcsoft"] = "listar"
    request = urllib.request.Request(f"{standin.url}/webservice/v1/{table}/", data=data,
                                     headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_php_sample_client_listing_as_multipart_fields(standin):
    # vinismo/Requisicoes-API-Sistema-IXC-Provedor WebserviceClient.php `get()`: POST, header
    # `ixcsoft: listar`, the params array as CURLOPT_POSTFIELDS (multipart), a trailing slash;
    # listar_cliente.php's params.
    fields = {"qtype": "cliente.id", "query": "501", "oper": "=", "page": "1", "rp": "20",
              "sortname": "cliente.id", "sortorder": "desc"}
    boundary = "------------------------netops"
    data = "".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                   for k, v in fields.items()) + f"--{boundary}--\r\n"
    body = _raw(standin, "cliente", data.encode(), f"multipart/form-data; boundary={boundary}")
    assert body["total"] == "1" and body["registros"][0]["razao"] == "Ana Souza"


def test_form_urlencoded_listing(standin):
    # An integration posting URLSearchParams (x-www-form-urlencoded), public code corpus id
    # 59116704660 `postIXC`.
    data = urllib.parse.urlencode({"qtype": "su_ticket.id_cliente", "query": "502", "oper": "=",
                                   "page": "1", "rp": "50", "sortname": "su_ticket.id",
                                   "sortorder": "desc"}).encode()
    body = _raw(standin, "su_ticket", data, "application/x-www-form-urlencoded")
    assert [row["id"] for row in body["registros"]] == ["1011", "1002"]


def test_ixc_node_sample_lists_with_get_and_a_body(standin):
    # IXC's node sample of radpop_radio_cliente_fibra (corpus id 3231249285): method GET, header
    # ixcsoft: listar, qtype id > 0, sorted by id desc (rp 3 here: one page of three).
    data = json.dumps({"qtype": "radpop_radio_cliente_fibra.id", "query": "0", "oper": ">",
                       "page": "1", "rp": "3", "sortname": "radpop_radio_cliente_fibra.id",
                       "sortorder": "desc"}).encode()
    body = _raw(standin, "radpop_radio_cliente_fibra", data, "application/json", method="GET")
    assert body["total"] == "10" and [r["id"] for r in body["registros"]] == ["711", "710", "709"]


def test_nothing_found_leaves_registros_out(standin):
    status, _, body = standin.call("su_ticket", {"qtype": "su_ticket.id", "query": "4242",
                                                "oper": "="})
    assert (status, body) == (200, {"page": "1", "total": "0"})


def test_refusals_are_type_error_with_http_200(standin):
    status, _, body = standin.call("radpop_radio_cliente_fibra", {"qtype": "id", "query": "0",
                                                                 "oper": ">"},
                                   token="2:ixclab-sem-fibra")
    assert status == 200 and body["type"] == "error" and body["message"]
    status, _, body = standin.call("su_mensagens", {"id_ticket": "4242", "mensagem": "x",
                                                    "visibilidade_mensagens": "P"}, listing=False)
    assert status == 200 and body["type"] == "error"


def test_an_unknown_token_is_http_401(standin):
    status, _, _ = standin.call("su_ticket", {}, token="1:nope")
    assert status == 401


def test_a_query_on_an_unknown_column_gets_the_html_error_page(standin):
    status, text, body = standin.call("su_ticket", {"qtype": "su_ticket.nao_existe",
                                                    "query": "1", "oper": "="})
    assert status == 200 and body is None and "Ocorreu um erro ao processar" in text


def test_insert_answers_success_with_the_new_id(standin):
    # The payload of guilherme-wallace/Intranet-Intervip routes/api/v5/abertura-OS.ts
    # registrarMensagemAtendimento, which then reads `type` and `id` from the answer.
    status, _, body = standin.call("su_mensagens", {
        "id_ticket": "1001", "mensagem": "teste", "visibilidade_mensagens": "P",
        "su_status": "P", "existe_pendencia_externa": "E"}, listing=False)
    assert status == 200 and body["type"] == "success" and body["id"] == "1"
    assert standin.notes("1001")[0]["mensagem"] == "teste"


def test_the_stand_in_imports_no_netops_domain_package():
    code = ("import sys, netops.lab.ixc_server; print([m for m in sys.modules if m.startswith("
            "('netops.olt', 'netops.transport', 'netops.isp', 'netops.checks', 'netops.cpe', "
            "'netops.dns', 'netops.speed', 'netops.triage', 'netops.tickets'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
