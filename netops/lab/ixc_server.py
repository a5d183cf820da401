"""An IXC Provedor stand-in: IXC's webservice v1 as its public sample and community clients use it.

IXC is proprietary and cannot run here, so this server keeps IXC-shaped tables in memory (from a
data file, `netops/lab/data/ixc.yaml` by default) and answers the calls those clients make:

- `POST|GET /webservice/v1/<table>` with the header `ixcsoft: listar` — a listing. The body is
  JSON (SousaFelipe/ixcpy `ixcpy/connection.py`, most clients), multipart form fields (IXC's
  own PHP sample client, vinismo/Requisicoes-API-Sistema-IXC-Provedor `WebserviceClient.php`,
  passes an array to CURLOPT_POSTFIELDS) or x-www-form-urlencoded (several scripts): `qtype` (column, `table.col` or `col`), `query`, `oper`
  (`=`, `!=`, `>`, `<`, `>=`, `<=`, `L` like, `IN`), `page`, `rp`, `sortname`, `sortorder`, and
  `grid_param`, a JSON list of `{"TB", "OP", "P"}` filters all of which must hold
  (ixcpy; isacna/ixc-soft-api README `listFilter`). GET with a body is what IXC's own
  node sample does (public code corpus id 3231249285).
  The answer is `{"page": "<n>", "total": "<n>", "registros": [...]}`, every value text; when
  nothing matches `registros` is left out (paulo-ope/Gamificacao-UNI-OPR
  backend/app/services/ixc_client.py).
- `POST /webservice/v1/<table>` without `ixcsoft: listar` — an insert. `su_mensagens` needs an
  existing `id_ticket` and a `mensagem`; the answer is `{"type": "success", "message", "id"}`
  (clients read `type` and `id`: guilherme-wallace/Intranet-Intervip routes/api/v5/abertura-OS.ts).
- A refusal is `{"type": "error", "message": ...}` with HTTP 200 (LZRBBNET/lzr-hub
  scripts/ixc-probe-os-catalog.mjs checks `type` on 200 answers and calls a permission refusal
  "IXC recusou"); the message wording is the stand-in's own.
- A token IXC does not know is HTTP 401 ("401: credencial inválida", an IXC importer's
  messages, corpus id 48108331063). A query naming an unknown table or column gets IXC's HTML
  error page ("Ocorreu um erro ao processar", detected by an integration, corpus id 59116704660).

Faults for tests and practice, set with `POST /__lab/fault {"fault": NAME, "count": N}`:
`drop_before_write` / `drop_after_write` (close the connection without answering an insert,
before or after storing it), `slow_write` (store, then answer after `delay_s`), `slow` (answer
any request after `delay_s`), `html_error` (answer listings with the HTML error page).

Run: python -m netops.lab.ixc_server --port 17580 [--data FILE]
"""

from __future__ import annotations

import argparse
import base64
import binascii
import copy
import json
import socket
import threading
import time
from datetime import datetime
from email import policy as email_policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from netops.lab.state import LabContext, ServiceInfo, tcp_open, wait_until

NAME = "ixc"
DEFAULT_PORT = 17580
DATA = Path(__file__).with_name("data") / "ixc.yaml"
PREFIX = "/webservice/v1/"
HTML_ERROR = (
    "<html><body><div class=\"erro\">Ocorreu um erro ao processar a sua requisição.</div>"
    "</body></html>"
)


def load(path: Path) -> dict[str, Any]:
    """Tables, tokens and the lab inventory section of a data file; every value as text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    tables = {
        name: [{str(k): "" if v is None else str(v) for k, v in row.items()} for row in rows or []]
        for name, rows in (data.get("tables") or {}).items()
    }
    return {"tables": tables, "tokens": data.get("tokens") or {}, "lab": data.get("lab") or {}}


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _matches(value: str, oper: str, wanted: str) -> bool:
    oper = (oper or "=").strip().upper()
    if oper == "L":
        return wanted.lower().strip("%") in value.lower()
    if oper == "IN":
        return value in [part.strip() for part in wanted.split(",")]
    left, right = _number(value), _number(wanted)
    if left is None or right is None:
        left, right = value, wanted  # type: ignore[assignment]
    compare = {
        "=": lambda a, b: a == b, "!=": lambda a, b: a != b, ">": lambda a, b: a > b,
        "<": lambda a, b: a < b, ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b,
    }.get(oper)
    if compare is None:
        raise KeyError(oper)
    return compare(left, right)


def _column(table: str, name: str) -> str:
    return name.split(".", 1)[1] if name.startswith(f"{table}.") else name


def _sort_key(column: str):
    def key(row: dict[str, str]) -> tuple[int, Any]:
        value = row.get(column, "")
        number = _number(value)
        return (0, number) if number is not None else (1, value)

    return key


class IxcData:
    """The tables, guarded by one lock: handler threads list and insert concurrently."""

    def __init__(self, loaded: dict[str, Any]) -> None:
        self.tables: dict[str, list[dict[str, str]]] = loaded["tables"]
        self.tokens: dict[str, dict[str, Any]] = loaded["tokens"]
        self.lock = threading.Lock()
        self.fault: dict[str, Any] = {}

    def take_fault(self, kinds: tuple[str, ...]) -> dict[str, Any] | None:
        with self.lock:
            if self.fault.get("fault") not in kinds or self.fault.get("count", 0) <= 0:
                return None
            self.fault["count"] -= 1
            return dict(self.fault)

    def listing(self, table: str, body: dict[str, Any]) -> dict[str, Any]:
        filters: list[tuple[str, str, str]] = []
        qtype = str(body.get("qtype") or "")
        query, oper = str(body.get("query") or ""), str(body.get("oper") or "")
        if qtype and qtype != table and (query or oper):
            filters.append((_column(table, qtype), oper or "=", query))
        grid = body.get("grid_param") or "[]"
        grid = json.loads(grid) if isinstance(grid, str) else grid
        for item in grid:
            filters.append((_column(table, str(item["TB"])), str(item.get("OP") or "="),
                            str(item.get("P") or "")))
        sort = _column(table, str(body.get("sortname") or "id"))
        with self.lock:
            rows = self.tables[table]
            known = set().union(*(row.keys() for row in rows))
            for column in [c for c, _, _ in filters] + [sort]:
                if rows and column not in known:  # IXC shows its error page for these
                    raise KeyError(column)
            found = [copy.deepcopy(row) for row in rows
                     if all(_matches(row.get(c, ""), o, w) for c, o, w in filters)]
        found.sort(key=_sort_key(sort), reverse=str(body.get("sortorder")).lower() == "desc")
        page = max(int(str(body.get("page") or 1)), 1)
        per_page = max(int(str(body.get("rp") or 20)), 1)
        answer: dict[str, Any] = {"page": str(page), "total": str(len(found))}
        chunk = found[(page - 1) * per_page: page * per_page]
        if chunk:
            answer["registros"] = chunk
        return answer

    def insert(self, table: str, fields: dict[str, Any]) -> dict[str, Any]:
        row = {str(k): "" if v is None else str(v) for k, v in fields.items()}
        with self.lock:
            if table == "su_mensagens":
                tickets = {t["id"] for t in self.tables.get("su_ticket", [])}
                if row.get("id_ticket") not in tickets:
                    return {"type": "error", "message": "Atendimento não encontrado (id_ticket)."}
                if not row.get("mensagem", "").strip():
                    return {"type": "error", "message": "O campo mensagem é obrigatório."}
                if row.get("visibilidade_mensagens", "P") not in ("P", "PU"):
                    return {"type": "error", "message": "Visibilidade inválida."}
                row.setdefault("data", datetime.now().strftime("%Y-%m-%d %H:%M:%S"))
            rows = self.tables.setdefault(table, [])
            new_id = max((int(r["id"]) for r in rows if r.get("id", "").isdigit()), default=0) + 1
            row["id"] = str(new_id)
            rows.append(row)
        return {"type": "success", "message": "Registro inserido com sucesso!", "id": str(new_id)}


class Handler(BaseHTTPRequestHandler):
    server_version = "Apache"  # IXC runs behind Apache/PHP; nothing reads this
    protocol_version = "HTTP/1.1"
    data: IxcData

    def log_message(self, fmt: str, *args: Any) -> None:  # quiet; never log bodies or tokens
        pass

    # -- plumbing -------------------------------------------------------------------------
    def _send(self, status: int, body: Any, content_type: str = "application/json") -> None:
        raw = (json.dumps(body, ensure_ascii=False) if content_type == "application/json"
               else str(body)).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _drop(self) -> None:
        """Close the connection without a byte of answer, as a dying proxy does."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            return {}
        content_type = self.headers.get("Content-Type") or ""
        if content_type.startswith("multipart/form-data"):  # PHP's CURLOPT_POSTFIELDS array
            message = BytesParser(policy=email_policy.default).parsebytes(
                f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
            return {str(part.get_param("name", header="content-disposition") or ""):
                    part.get_content().strip() for part in message.iter_parts()}
        if "json" in content_type or text[:1] in "{[":
            value = json.loads(text)
            if not isinstance(value, dict):
                raise ValueError("not an object")
            return value
        return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}

    def _token(self) -> dict[str, Any] | None:
        header = self.headers.get("Authorization") or ""
        if not header.startswith("Basic "):
            return None
        try:
            token = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return self.data.tokens.get(token)

    # -- requests -------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._webservice("GET")

    def do_POST(self) -> None:
        if self.path.startswith("/__lab/fault"):
            body = self._body()
            with self.data.lock:
                self.data.fault = {"fault": body.get("fault"), "count": int(body.get("count", 1)),
                                   "delay_s": float(body.get("delay_s", 3.0))}
            self._send(200, {"fault": self.data.fault})
            return
        self._webservice("POST")

    def do_PUT(self) -> None:
        self._webservice("PUT")

    def do_DELETE(self) -> None:
        self._webservice("DELETE")

    def _webservice(self, method: str) -> None:
        try:
            body = self._body()
        except ValueError:
            self._send(200, HTML_ERROR, "text/html")
            return
        slow = self.data.take_fault(("slow",))
        if slow:
            time.sleep(slow["delay_s"])
        path = urlsplit(self.path).path
        if not path.startswith(PREFIX):
            self._send(404, "<html><body>Not Found</body></html>", "text/html")
            return
        table = path[len(PREFIX):].strip("/").split("/")[0]
        grant = self._token()
        if grant is None:
            self._send(401, "<html><body>Unauthorized</body></html>", "text/html")
            return
        if table not in self.data.tables:
            self._send(200, HTML_ERROR, "text/html")
            return
        if table in grant.get("deny", []):
            self._send(200, {"type": "error",
                             "message": f"Usuário sem permissão para acessar {table}."})
            return
        listing = (self.headers.get("ixcsoft") or "").strip().lower() == "listar"
        if listing and method in ("GET", "POST"):
            self._list(table, body)
        elif method == "POST":
            self._insert(table, body, grant)
        else:
            self._send(200, {"type": "error", "message": f"{method} não disponível no laboratório."})

    def _list(self, table: str, body: dict[str, Any]) -> None:
        if self.data.take_fault(("html_error",)):
            self._send(200, HTML_ERROR, "text/html")
            return
        try:
            answer = self.data.listing(table, body)
        except (KeyError, ValueError, TypeError):
            self._send(200, HTML_ERROR, "text/html")
            return
        self._send(200, answer)

    def _insert(self, table: str, body: dict[str, Any], grant: dict[str, Any]) -> None:
        if table in grant.get("deny_insert", []):
            self._send(200, {"type": "error",
                             "message": f"Usuário sem permissão para incluir em {table}."})
            return
        fault = self.data.take_fault(("drop_before_write", "drop_after_write", "slow_write"))
        if fault and fault["fault"] == "drop_before_write":
            self._drop()
            return
        answer = self.data.insert(table, body)
        if fault and fault["fault"] == "drop_after_write":
            self._drop()
            return
        if fault and fault["fault"] == "slow_write":
            time.sleep(fault["delay_s"])
        self._send(200, answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a dropped connection (a fault on purpose, or a client that went away)


def serve(host: str, port: int, data_file: Path) -> None:
    handler = type("IxcHandler", (Handler,), {"data": IxcData(load(data_file))})
    server = _Server((host, port), handler)
    server.serve_forever()


def lab_token() -> str:
    """The practice token the lab's IXC accepts (not a secret: it is printed by `lab up`)."""
    return str(load(DATA)["lab"]["token"])


def start(ctx: LabContext) -> ServiceInfo:
    port = ctx.port(DEFAULT_PORT)
    pid = ctx.spawn("ixc", [ctx.python(), "-m", "netops.lab.ixc_server",
                            "--host", ctx.host, "--port", str(port)])
    wait_until(lambda: tcp_open(ctx.host, port), 10, "IXC stand-in", pid)
    lab = load(DATA)["lab"]
    url = f"http://{ctx.host}:{port}"
    return ServiceInfo(
        name=NAME, pids=[pid], endpoints={"webservice": f"{url}/webservice/v1"},
        inventory={"ixc": {"url": url, "token_env": "NETOPS_IXC_TOKEN",
                           "olts": lab["olts"], "subjects": lab["subjects"]}},
        usage=[f"NETOPS_IXC_TOKEN={lab['token']} netops --inventory lab ixc diagnose 1001",
               f"NETOPS_IXC_TOKEN={lab['token']} netops --inventory lab ixc ticket 1003"],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="IXC Provedor webservice stand-in (lab).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--data", type=Path, default=DATA, help="tables and tokens (YAML)")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.data)


if __name__ == "__main__":
    main()
