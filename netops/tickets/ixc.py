"""IXC Provedor's webservice: read a ticket (atendimento) with its customer, login and ONU record,
and post a private note on it.

The contract, as IXC's own PHP sample client (`WebserviceClient.php`) and community clients use it
(sources in docs/ixc.md): every call goes to `<url>/webservice/v1/<table>` with HTTP Basic
authentication built from the `user_id:hash` token. A listing is a POST with the header
`ixcsoft: listar` and a body `qtype` (column), `query`, `oper`, `page`, `rp`, `sortname`,
`sortorder`; the answer is `{"page", "total", "registros": [...]}` with every value as text, and
`registros` is left out when nothing matched. A refusal (a table the token may not use...) comes
back as `{"type": "error", "message": ...}`, often with HTTP 200, so the type is checked before
anything else. A record is inserted with a plain POST (no `ixcsoft` header), answered with
`{"type": "success", ..., "id": ...}`.

Nothing IXC answers is trusted further than needed: rows are filtered again here by the column
asked for, the newest fibre record is chosen here by its id, and a listing too long to read whole
stops with an error rather than choose from part of it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from netops.errors import AuthError, InputError, NotFound, ProtocolError, Refused, WriteUnknown
from netops.i18n import L_, Message
from netops.text import plain
from netops.tickets.model import Customer, FibreRecord, Login, SupportTicket
from netops.transport.webapi import ApiAnswer, JsonApi

LISTAR = {"ixcsoft": "listar"}
PAGE_ROWS = 50
MAX_PAGES = 10
MULTILINE_FIELDS = frozenset({"menssagem", "mensagem"})  # IXC spells the ticket body with "ss"
EMPTY_DATES = ("0000-00-00 00:00:00", "0000-00-00")
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def _clean(row: dict[str, Any]) -> dict[str, str | None]:
    """A row with every value as inert text (IXC's text fields are typed by people)."""
    out: dict[str, str | None] = {}
    for key, value in row.items():
        name = plain(str(key))
        if value is None:
            out[name] = None
        else:
            out[name] = plain(str(value), multiline=name in MULTILINE_FIELDS)
    return out


def _given(value: str | None) -> str | None:
    """IXC's "nothing": an empty text, the id 0, a zero date."""
    if value is None:
        return None
    text = value.strip()
    if text in ("", "0") or text in EMPTY_DATES:
        return None
    return text


def _blank_none(value: str | None) -> str | None:
    """For numbers where 0 is a real value (an ONU id, a port): only empty text is nothing."""
    text = (value or "").strip()
    return text or None


def _iso_local(value: str | None, where: str) -> str | None:
    text = _given(value)
    if text is None:
        return None
    for form in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).isoformat()
        except ValueError:
            continue
    raise ProtocolError(L_("{where}: {text!r} is not a date IXC writes (YYYY-MM-DD HH:MM:SS)", where=where, text=text))


def _row_id(row: dict[str, str | None], table: str) -> int:
    text = row.get("id") or ""
    if not text.isdigit():
        raise ProtocolError(L_("IXC returned a {table} row whose id is {text!r}, not a number", table=table, text=text))
    return int(text)


def ixc_id(value: str) -> str:
    """An IXC record id as typed by a technician: digits only."""
    text = (value or "").strip()
    if not text.isdigit() or int(text) == 0:
        raise InputError(L_("malformed IXC ticket id {value!r}", value=value),
                         hint=L_("give the atendimento's number in IXC, for example 1042"))
    return str(int(text))


class IxcClient:
    """Listing and inserting IXC records, with IXC's answers turned into netops errors."""

    def __init__(self, api: JsonApi, token_env: str) -> None:
        self.api = api
        self.token_env = token_env

    def list(self, table: str, column: str, value: str, *, sort: str = "id",
             order: str = "desc") -> list[dict[str, str | None]]:
        """Every row of `table` whose `column` equals `value` (read page by page)."""
        rows: list[dict[str, str | None]] = []
        for page in range(1, MAX_PAGES + 1):
            body = {
                "qtype": f"{table}.{column}", "query": value, "oper": "=",
                "page": str(page), "rp": str(PAGE_ROWS),
                "sortname": f"{table}.{sort}", "sortorder": order,
            }
            answer = self.api.read("POST", f"/webservice/v1/{table}", json=body, headers=LISTAR)
            data = self._document(answer, L_("the listing of {table}", table=table), table)
            page_rows = data.get("registros") or []
            if not isinstance(page_rows, list) or not all(isinstance(r, dict) for r in page_rows):
                raise ProtocolError(L_("IXC answered the listing of {table} with registros that are not a list of records", table=table))
            rows += [_clean(row) for row in page_rows]
            total = self._total(data, table)
            if not page_rows or len(rows) >= total:
                break
        else:
            raise ProtocolError(
                L_("IXC has more than {value} {table} rows with {column} {value2}; netops does not choose from part of them", value=MAX_PAGES * PAGE_ROWS, table=table, column=column, value2=value),
                hint=L_("clean up the duplicate records in IXC"),
            )
        # Never trust that IXC applied the filter: keep only the rows asked for.
        return [row for row in rows if (row.get(column) or "").strip() == value]

    def insert(self, table: str, fields: dict[str, str]) -> str | None:
        """Insert one record (sent once); its new id, or None when IXC gave none."""
        answer = self.api.write("POST", f"/webservice/v1/{table}", json=fields)
        if answer.is_json and isinstance(answer.json_body, dict) \
                and answer.json_body.get("type") == "error":
            raise self._refused(answer.json_body, L_("the insert into {table}", table=table), table)
        if answer.status in (401, 403):
            raise self._auth_error(answer.status)
        if not answer.is_json or not isinstance(answer.json_body, dict) or answer.status >= 300:
            raise WriteUnknown(
                L_("IXC answered the insert into {table} with HTTP {status} and no JSON", table=table, status=answer.status) if not answer.is_json
                else L_("IXC answered the insert into {table} with HTTP {status} and an unexpected document", table=table, status=answer.status))
        new_id = answer.json_body.get("id")
        return plain(str(new_id)) if new_id not in (None, "", 0, "0") else None

    def _document(self, answer: ApiAnswer, action: Message, table: str) -> dict[str, Any]:
        """IXC's JSON answer to `action` ("the listing of su_ticket"), or the error it means."""
        body = answer.json_body
        if isinstance(body, dict) and body.get("type") == "error":
            raise self._refused(body, action, table)
        if answer.status in (401, 403):
            raise self._auth_error(answer.status)
        if 300 <= answer.status < 400:
            raise ProtocolError(
                L_("IXC redirected {action} to {location}", action=action, location=answer.location) if answer.location
                else L_("IXC redirected {action} to another page", action=action),
                hint=L_("ixc.url must be IXC's own address (netops adds /webservice/v1); a redirect to a login page also means the token was not accepted"),
            )
        if answer.status >= 400:
            raise ProtocolError(L_("IXC answered HTTP {status} to {action}", status=answer.status, action=action))
        if not answer.is_json:
            raise ProtocolError(
                L_("IXC answered {action} with an HTML page, not JSON", action=action) if "<" in answer.text[:200]
                else L_("IXC answered {action} with text, not JSON", action=action),
                hint=L_("IXC shows an error page for a query it cannot run; check ixc.url"),
            )
        if not isinstance(body, dict):
            raise ProtocolError(L_("IXC answered {action} with JSON that is not an object", action=action))
        return body

    @staticmethod
    def _total(data: dict[str, Any], table: str) -> int:
        try:
            return int(str(data.get("total") or 0))
        except ValueError:
            raise ProtocolError(L_("IXC's listing of {table} has total {get!r}, not a number", table=table, get=data.get('total'))) from None

    def _refused(self, body: dict[str, Any], action: Message, table: str) -> Refused:
        given = " ".join(plain(str(body.get("message") or "")).split())[:300]
        return Refused(
            L_("IXC refused {action}: {message}", action=action, message=given or L_("no message")),
            hint=L_("if it is about permission, allow the API token's user to use {table} in IXC", table=table),
        )

    def _auth_error(self, status: int) -> AuthError:
        return AuthError(
            L_("IXC refused the token (HTTP {status})", status=status),
            hint=L_("check {token_env}: IXC's token of an API user, written user_id:hash", token_env=self.token_env),
        )


class IxcTicketSystem:
    """`TicketSystem` for IXC Provedor."""

    name = "ixc"

    def __init__(self, client: IxcClient) -> None:
        self.client = client

    def close(self) -> None:
        self.client.api.close()

    def read_ticket(self, ticket_id: str) -> SupportTicket:
        tid = ixc_id(ticket_id)
        rows = self.client.list("su_ticket", "id", tid)
        if not rows:
            raise NotFound(L_("IXC has no ticket {tid} (su_ticket)", tid=tid),
                           hint=L_("give the atendimento's ID in IXC (not its protocol number)"))
        row = rows[0]
        customer = self._customer(tid, row)
        notes: list[str] = []
        login = self._login(tid, row, customer, notes)
        fibre, count = self._fibre(login, notes) if login else (None, 0)
        return SupportTicket(
            system=self.name,
            id=tid,
            protocol=_given(row.get("protocolo")),
            subject_id=_given(row.get("id_assunto")),
            title=row.get("titulo") or "",
            text=row.get("menssagem") or row.get("mensagem") or "",
            opened_at=_iso_local(row.get("data_criacao"), f"IXC ticket {tid}: data_criacao"),
            status=_given(row.get("su_status")),
            customer=customer,
            login=login,
            fibre=fibre,
            fibre_rows=count,
            notes=notes,
        )

    def note_body(self, ticket_id: str, text: str) -> dict[str, str]:
        # Private ("P"); no su_status, so the ticket's state stays the technician's to change.
        return {"id_ticket": ixc_id(ticket_id), "mensagem": text, "visibilidade_mensagens": "P"}

    def post_note(self, ticket_id: str, text: str) -> str | None:
        return self.client.insert("su_mensagens", self.note_body(ticket_id, text))

    def _customer(self, tid: str, row: dict[str, str | None]) -> Customer:
        customer_id = _given(row.get("id_cliente"))
        if customer_id is None:
            raise ProtocolError(L_("IXC ticket {tid} names no customer (id_cliente)", tid=tid),
                                hint=L_("link the atendimento to its customer in IXC"))
        found = self.client.list("cliente", "id", customer_id)
        if not found:
            raise NotFound(L_("IXC ticket {tid} names customer {customer_id}, which IXC does not return (cliente)", tid=tid, customer_id=customer_id))
        name = _given(found[0].get("razao")) or _given(found[0].get("fantasia"))
        return Customer(id=customer_id, name=name or f"cliente {customer_id}")

    def _login(self, tid: str, row: dict[str, str | None], customer: Customer,
               notes: list[str]) -> Login | None:
        login_id = _given(row.get("id_login"))
        if login_id:
            found = self.client.list("radusuarios", "id", login_id)
            if not found:
                raise NotFound(L_("IXC ticket {tid} names login {login_id}, which IXC does not return (radusuarios)", tid=tid, login_id=login_id))
            return _as_login(found[0])
        logins = self.client.list("radusuarios", "id_cliente", customer.id)
        contract = _given(row.get("id_contrato"))
        if contract:
            logins = [r for r in logins if _given(r.get("id_contrato")) == contract]
        if len(logins) == 1:
            notes.append(L_("the ticket names no login; the customer's only login is {login}", login=logins[0].get('login')))
            return _as_login(logins[0])
        if not logins:
            notes.append(L_("the ticket names no login and the customer has none"))
            return None
        raise InputError(
            L_("IXC ticket {tid} names no login (id_login) and customer {id} has {count} logins", tid=tid, id=customer.id, count=len(logins)),
            hint=L_("set the login on the atendimento in IXC"),
        )

    def _fibre(self, login: Login, notes: list[str]) -> tuple[FibreRecord | None, int]:
        rows = self.client.list("radpop_radio_cliente_fibra", "id_login", login.id)
        if not rows:
            return None, 0
        # IXC's fibre rows carry no creation date (data_sinal is the last signal reading), and a
        # swapped ONU often leaves its old row behind: the newest row is the highest id.
        newest = max(rows, key=lambda r: _row_id(r, "radpop_radio_cliente_fibra"))
        if len(rows) > 1:
            older = ", ".join(r.get("id") or "?" for r in rows if r is not newest)
            notes.append(L_("login {login} has {count} fibre records; the newest (id {id}) is used, not {older}",
                            login=login.login, count=len(rows), id=newest.get('id'), older=older))
        return _as_fibre(newest), len(rows)


def _as_login(row: dict[str, str | None]) -> Login:
    online = {"S": True, "N": False}.get((row.get("online") or "").strip().upper())
    return Login(id=row.get("id") or "", login=row.get("login") or "", online=online,
                 contract_id=_given(row.get("id_contrato")))


def _as_fibre(row: dict[str, str | None]) -> FibreRecord:
    return FibreRecord(
        id=row.get("id") or "",
        olt_id=_given(row.get("id_transmissor")),
        pon=_given(row.get("ponid")),
        onu_number=_blank_none(row.get("onu_numero")),  # 0 is an ONU id: Huawei counts from 0
        serial=_given(row.get("mac")),
        slot=_blank_none(row.get("slotno")),
        port=_blank_none(row.get("ponno")),
        model=_given(row.get("onu_tipo")),
        rx_dbm=_given(row.get("sinal_rx")),
        tx_dbm=_given(row.get("sinal_tx")),
        measured_at=_given(row.get("data_sinal")),
        last_down_cause=_given(row.get("causa_ultima_queda")),
    )


def open_ixc(settings: Any) -> IxcTicketSystem:
    """The IXC of the inventory's `ixc:` section, with its token from the environment/keyring."""
    from netops.settings import resolve_secret

    return connect(settings, resolve_secret(settings.token_env, "IXC token"))


def connect(settings: Any, token: str) -> IxcTicketSystem:
    if ":" not in token.strip():
        raise InputError(
            L_("{token_env} does not hold an IXC token", token_env=settings.token_env),
            hint=L_("IXC's API token is written user_id:hash (the user's id, a colon, the hash)"),
        )
    api = JsonApi(settings.url, token.strip(), what="IXC", timeout=settings.timeout_s,
                  retries=settings.retries, verify=settings.verify_tls)
    return IxcTicketSystem(IxcClient(api, settings.token_env))
