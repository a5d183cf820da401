"""Simulated customer routers: one real HTTP server per platform family, on loopback.

Each family speaks its documented web flow (docs/wifi.md, profiles/cpe/): login challenge and
hashing, session cookie, per-page token, Wi-Fi save requests and logout. Faults are switched on
per server with `--faults` so tests can exercise every failure a technician meets:

- expire_session  the first protected page after a login answers with the login page
- no_5g           the model has no 5 GHz radio (its page is missing)
- drop_on_save    a save is applied, then the connection is closed without a reply and the
                  router stops answering for `--restart-seconds` while Wi-Fi restarts
- never_back      like drop_on_save, but the router does not come back
- mask_key        pages show `****` instead of the current key
- ignore_save     saves answer normally but change nothing
- percent_login   (Mitrastar EcoNet) the login hash is over the percent-encoded password
- moved_5g        the 5 GHz radio is there, but its page is not where the profile looks (404)
- same_page_5g    the 5 GHz page redirects to the 2.4 GHz one (one page for both bands)
- band_menu        (Broadcom) pages carry a menu naming both bands and no wlBand variable
- plain_radio_pages (Broadcom) radio pages name neither the band nor the key: the band comes
                  from the usual index, the key from /wlsecurity.html

`--ssid BAND=SSID` starts a band with another SSID (any text, as a customer may type it);
`--security 2.4=MODE,5=MODE` puts a band on another security mode (as its page names it: WEP,
WPA3...); `--save-seconds N` makes a 5 GHz save answer N seconds late (to interrupt it).
The Mitrastar EcoNet Wi-Fi pages are the captured pages of a real GPT-2741GNAC (tests/data/cpe).

Wrong passwords and keys with characters a page refuses need no switch: they always fail as on
the real device. `GET /__lab/state` returns the current settings and counters (lab only).

Run: python -m netops.lab.routers --family mitrastar-econet --port 18080 --password lab-router
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import html
import json
import secrets
import socket
import sys
import threading
import time
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

from netops.lab.router_pages import captured, check_radio, select_option, set_value
from netops.lab.state import LabContext, ServiceInfo, tcp_open, wait_until

NAME = "routers"
LAB_USER = "admin"
LAB_PASSWORD = "lab-router"  # a lab fixture, not a real credential

FAMILIES = {
    # family id: (lab port, model shown in usage, forbidden key characters on its pages)
    "mitrastar-econet": (18080, "GPT-2741GNAC", " \"'"),
    "mitrastar-broadcom": (18081, "GPT-2541GNAC", " \"'&+%#=?/\\"),
    "askey-broadcom": (18082, "RTF3505VW", " \"'&+%#=?/\\"),
    "askey-econet": (18083, "RTF8115VW", " \"'\\"),
}


def _esc(value: str) -> str:
    return html.escape(value, quote=True)


def _js(value: str) -> str:
    return html.escape(value, quote=True).replace("\\", "\\\\")


class Router:
    """The simulated device's state, shared by every connection."""

    def __init__(self, family: str, user: str, password: str, faults: set[str], restart: float,
                 security: dict[str, str] | None = None, save_seconds: float = 0.0,
                 ssids: dict[str, str] | None = None) -> None:
        self.family = family
        self.save_seconds = save_seconds
        self.user = user
        self.password = password
        self.faults = faults
        self.restart = restart
        self.forbidden = FAMILIES[family][2]
        self.lock = threading.Lock()
        self.bands: dict[str, dict[str, str]] = {
            "2.4": {"ssid": "NETCENTER-2G", "key": "OldKey2g2024"},
            "5": {"ssid": "NETCENTER-5G", "key": "OldKey5g2024"},
        }
        # everything else the Wi-Fi pages show; a key change must leave it as it was
        self.settings: dict[str, dict[str, str]] = {
            "2.4": {"enabled": "1", "broadcast": "0", "wps": "1", "security": "7", "cipher": "aes"},
            "5": {"enabled": "1", "broadcast": "0", "wps": "0", "security": "pskpsk2", "cipher": "tkip+aes"},
        }
        if family != "mitrastar-econet":  # Broadcom and Askey pages name the modes as wl does
            self.settings["2.4"]["security"], self.settings["5"]["security"] = "psk2", "psk psk2"
        else:  # as the captured 5 GHz page is set
            self.settings["5"]["security"] = "psk2"
        for band, mode in (security or {}).items():  # a router on WPA3, WEP, no security...
            self.settings[band]["security"] = mode
        for band, ssid in (ssids or {}).items():  # an SSID someone typed on the router itself
            self.bands[band]["ssid"] = ssid
        if "no_5g" in faults:
            del self.bands["5"], self.settings["5"]
        self.sessions: dict[str, dict] = {}
        self.challenges: set[str] = set()
        self.down_until = 0.0
        self.counters = {"logins": 0, "failed_logins": 0, "saves": 0, "rejected": 0, "logouts": 0, "expired": 0}
        self.expire_pending = "expire_session" in faults

    def new_session(self) -> str:
        sid = secrets.token_hex(8)
        self.sessions[sid] = {"auth": False, "token": "", "radio": "0"}
        return sid

    def token(self, session: dict) -> str:
        session["token"] = str(secrets.randbelow(900000000) + 100000000)
        return session["token"]

    def key_refused(self, key: str) -> bool:
        if not (8 <= len(key) <= 63 or (len(key) == 64 and all(c in "0123456789abcdefABCDEF" for c in key))):
            return True
        return any(ch in self.forbidden or not 0x20 <= ord(ch) <= 0x7E for ch in key)

    def save(self, band: str, key: str | None, ssid: str | None) -> None:
        if band == "5" and self.save_seconds:  # a slow radio: the answer comes late
            time.sleep(self.save_seconds)
        if "ignore_save" in self.faults:
            return
        if key is not None:
            self.bands[band]["key"] = key
        if ssid:
            self.bands[band]["ssid"] = ssid
        self.counters["saves"] += 1

    def shown_key(self, band: str) -> str:
        return "****" if "mask_key" in self.faults else self.bands[band]["key"]


class Handler(BaseHTTPRequestHandler):
    server_version = "lab-httpd"
    protocol_version = "HTTP/1.1"
    router: Router
    PAGE_24 = ""  # the family's 2.4 GHz and 5 GHz pages (faults move or alias the latter)
    PAGE_5G = ""
    PAGE_5G_MOVED = ""

    # -- plumbing ------------------------------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle and delayed ACKs
        # add 40 ms to every loopback request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def log_message(self, fmt: str, *args: object) -> None:  # method and path only: no values
        sys.stderr.write(f"{self.command} {urlsplit(self.path).path}\n")

    def handle(self) -> None:
        if time.monotonic() < self.router.down_until:
            self._hang_up()
            return
        super().handle()

    def _hang_up(self) -> None:
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def _drop_after_save(self) -> None:
        """Wi-Fi restarts: no reply, and no answers for a while (or ever)."""
        wait = 10**9 if "never_back" in self.router.faults else self.router.restart
        self.router.down_until = time.monotonic() + wait
        self.router.sessions.clear()
        self._hang_up()

    def _params(self) -> dict[str, str]:
        query = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("latin-1") if length else ""
            query.update(parse_qsl(body, keep_blank_values=True, encoding="latin-1"))
        return query

    def _cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie", ""))
        except Exception:
            return {}
        return {k: m.value for k, m in jar.items()}

    def _send(self, body: str, status: int = 200, cookies: dict[str, str] | None = None,
              ctype: str = "text/html") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (cookies or {}).items():
            self.send_header("Set-Cookie", f"{name}={value}; Path=/")
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str, cookies: dict[str, str] | None = None) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        for name, value in (cookies or {}).items():
            self.send_header("Set-Cookie", f"{name}={value}; Path=/")
        self.end_headers()

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        params = self._params()
        if path == "/__lab/state":  # without the lock: a slow save must not hide the state
            r = self.router
            self._send(json.dumps({"family": r.family, "bands": r.bands, "settings": r.settings,
                                   "counters": r.counters}), ctype="application/json")
            return
        with self.router.lock:
            route = self._route(path)
            if route is None:
                self._send("<html><body>404 Not Found</body></html>", 404)
                return
            route(params)

    def _route(self, path: str):  # type: ignore[no-untyped-def]
        """The page for `path`, after the faults that move the 5 GHz page or alias it."""
        routes = self.routes()
        faults = self.router.faults
        if "moved_5g" in faults:  # a firmware that keeps the 5 GHz page elsewhere
            if path == self.PAGE_5G:
                return None
            if path == self.PAGE_5G_MOVED:
                return routes[self.PAGE_5G]
        if "same_page_5g" in faults and path == self.PAGE_5G:  # one page for both bands
            return lambda params: self._redirect(self.PAGE_24)
        return routes.get(path)

    def routes(self) -> dict:
        raise NotImplementedError

    # -- sessions ------------------------------------------------------------------------------
    def session(self, cookie: str, landing: bool = False) -> dict | None:
        """The logged-in session for this request, or None (the caller shows the login page).

        With `expire_session` the second settings request after a login finds the session gone
        (landing pages are not counted), as an idle timeout in the middle of a change would.
        """
        sid = self._cookies().get(cookie)
        session = self.router.sessions.get(sid or "")
        if not session or not session["auth"]:
            return None
        if landing:
            return session
        session["hits"] = session.get("hits", 0) + 1
        if self.router.expire_pending and session["hits"] >= 2:
            self.router.expire_pending = False
            self.router.counters["expired"] += 1
            del self.router.sessions[sid]  # type: ignore[arg-type]
            return None
        return session

    def logged_in(self, cookie: str) -> tuple[str, dict]:
        sid = self.router.new_session()
        self.router.sessions[sid]["auth"] = True
        self.router.counters["logins"] += 1
        return sid, self.router.sessions[sid]

    def refuse_login(self) -> None:
        self.router.counters["failed_logins"] += 1

    def logout(self, cookie: str) -> None:
        sid = self._cookies().get(cookie, "")
        if self.router.sessions.pop(sid, None):
            self.router.counters["logouts"] += 1


# --------------------------------------------------------------------------------------------
# Mitrastar EcoNet ("Sophia" UI): GPT-2741GNAC, GPT-2742GX4X5, GPT-2731GN2A4P
# --------------------------------------------------------------------------------------------
class MitrastarEconet(Handler):
    COOKIE = "SESSIONID"
    PAGE_24 = "/cgi-bin/settings-wireless-network.cgi"
    PAGE_5G = "/cgi-bin/settings-wireless-network-5g.cgi"
    PAGE_5G_MOVED = "/cgi-bin/settings-wireless-network-5ghz.cgi"

    def routes(self) -> dict:
        return {
            "/": self.index,
            "/cgi-bin/login.cgi": self.login,
            "/cgi-bin/sophia_index.cgi": self.index,
            "/cgi-bin/settings-wireless-network.cgi": self.wifi24,
            "/cgi-bin/settings-wireless-network-5g.cgi": self.wifi5,
            "/cgi-bin/logout.cgi": self.do_logout,
        }

    def login_page(self) -> None:
        sid = secrets.token_hex(16)
        self.router.challenges.add(sid)
        self._send(
            "<html><head><title>Login</title><script>\n"
            f"var sid = '{sid}';\n"
            "function doLogin(){ /* LoginPasswordValue = md5(password + ':' + sid) */ }\n"
            "</script></head><body><form id='login' method='post' action='/cgi-bin/login.cgi'>"
            "<input id='Loginuser' name='Loginuser'><input type='password' id='LoginPassword'>"
            "<input type='hidden' name='LoginPasswordValue'><input type='hidden' name='acceptLoginIndex' value='1'>"
            "<input type='button' id='acceptLogin' value='Entrar'></form></body></html>"
        )

    def login(self, params: dict[str, str]) -> None:
        if self.command == "GET":
            self.login_page()
            return
        user, value = params.get("Loginuser", ""), params.get("LoginPasswordValue", "")
        password = self.router.password
        if "percent_login" in self.router.faults:
            password = "".join(c if c.isascii() and c.isalnum() else quote(c, safe="").lower() for c in password)
        good = any(
            user == self.router.user and value == hashlib.md5(f"{password}:{sid}".encode()).hexdigest()
            for sid in self.router.challenges
        )
        if not good or params.get("acceptLoginIndex") != "1":
            self.refuse_login()
            self.login_page()
            return
        self.router.challenges.clear()
        sid, _ = self.logged_in(self.COOKIE)
        self._send("<html><script>top.location='/cgi-bin/sophia_index.cgi';</script></html>",
                   cookies={self.COOKIE: sid})

    def index(self, params: dict[str, str]) -> None:
        if self.session(self.COOKIE, landing=True) is None:
            self.login_page()
            return
        self._send("<html><body>Sophia <a href='/cgi-bin/logout.cgi'>Sair</a></body></html>")

    def wifi24(self, params: dict[str, str]) -> None:
        """The captured GPT-2741GNAC page with this router's settings in its form."""
        session = self.session(self.COOKIE)
        if session is None:
            self.login_page()
            return
        band, settings = self.router.bands["2.4"], self.router.settings["2.4"]
        if self.command == "POST":
            if params.get("sessionKey") != session["token"]:
                self._send("Invalid Session Key")
                return
            key = params.get("PreSharedKey", "****")
            if key != "****" and self.router.key_refused(key):
                self.router.counters["rejected"] += 1
                self._send("<script>alert('Invalid key: characters not allowed');</script>")
                return
            if "ignore_save" not in self.router.faults:
                settings.update(
                    enabled=params.get("APOn", "?"), broadcast=params.get("enblSSIDbroadcast", "?"),
                    wps={"7": "1", "0": "0"}.get(params.get("WPSConfMode", ""), "?"),
                    security={"WPAPSKWPA2PSK": "7", "WPA2PSK": "4"}.get(params.get("AuthMode", ""), "?"),
                )
            self.router.save("2.4", None if key == "****" else key, params.get("SSID"))
            if {"drop_on_save", "never_back"} & self.router.faults:
                self._drop_after_save()
                return
            self._send("")
            return
        page = captured("mitrastar-econet", "settings-wireless-network.cgi.htm")
        page = set_value(page, "sessionKey", self.router.token(session))
        page = set_value(page, "SSID", band["ssid"])
        page = set_value(page, "wlPasswd", self.router.shown_key("2.4"))
        page = check_radio(page, "WifiState", value=settings["enabled"])
        page = set_value(page, "WLanActiveFlag", settings["enabled"])
        page = check_radio(page, "broadcastSSID", position=int(settings["broadcast"] == "1"))
        page = set_value(page, "enblSSIDbroadcast", settings["broadcast"])
        page = select_option(page, "securityMode", settings["security"])
        page = check_radio(page, "input_wps", value=settings["wps"])
        self._send(page, ctype="text/html")

    def wifi5(self, params: dict[str, str]) -> None:
        """The captured page: HideSSID radios have no values, the first one broadcasts."""
        session = self.session(self.COOKIE)
        if session is None:
            self.login_page()
            return
        if "5" not in self.router.bands:
            self._send("<html><body>404 Not Found</body></html>", 404)
            return
        band, settings = self.router.bands["5"], self.router.settings["5"]
        if self.command == "POST":
            given = params.get("sessionKey")
            if given is not None and given != session["token"]:
                self._send("Invalid Session Key")
                return
            if params.get("type") != "basic" or params.get("ConfigState") != "ModifyandWPS":
                self._send("bad request", 400)
                return
            key = params.get("PreSharedKey", "")
            if self.router.key_refused(key) or "\u00a8" in key:
                self.router.counters["rejected"] += 1
                self._send("<script>alert('Invalid key: characters not allowed');</script>")
                return
            if "ignore_save" not in self.router.faults:
                beacon = {"psk2": "11i", "pskpsk2": "WPAand11i"}.get(params.get("WpaAuthMode", ""))
                settings.update(
                    enabled=params.get("WlEnbl", "?"), broadcast=params.get("HideSSID", "?"),
                    wps=params.get("EnabledWPS", "?"),
                    security=params.get("WpaAuthMode", "?") if params.get("BeaconType") == beacon else "?",
                )
            self.router.save("5", key, params.get("SSID"))
            if {"drop_on_save", "never_back"} & self.router.faults:
                self._drop_after_save()
                return
            self._send("")
            return
        page = captured("mitrastar-econet", "settings-wireless-network-5g.cgi.htm")
        page = set_value(page, "sessionKey", self.router.token(session))
        page = set_value(page, "SSID", band["ssid"])
        page = set_value(page, "wlPasswd", self.router.shown_key("5"))
        page = check_radio(page, "WifiState", value=settings["enabled"])
        page = check_radio(page, "HideSSID", position=int(settings["broadcast"] == "1"))
        page = select_option(page, "securityMode_5G", settings["security"])
        page = check_radio(page, "input_wps", value=settings["wps"])
        self._send(page, ctype="text/html")

    def do_logout(self, params: dict[str, str]) -> None:
        self.logout(self.COOKIE)
        self.login_page()


# --------------------------------------------------------------------------------------------
# Broadcom "webs" firmware (.wl pages, per-page sessionKey): shared by the two Broadcom families
# --------------------------------------------------------------------------------------------
class BroadcomWl(Handler):
    COOKIE = "SESSION"
    JS_WRAP = ""  # the Askey pages wrap values: var wpaPskKey = htmlDecode('...')
    # radio index -> band: index 0 is 2.4 GHz on these Askey/Mitrastar units
    RADIOS = {"0": "2.4", "1": "5"}
    PAGE_24 = "/wlswitchinterface0.wl"
    PAGE_5G = "/wlswitchinterface1.wl"
    PAGE_5G_MOVED = "/wlswitchinterface5g.wl"

    def login_page(self) -> None:
        """Each Broadcom family has its own login page."""
        raise NotImplementedError

    def _wrap(self, value: str) -> str:
        quoted = f"'{_js(value)}'"
        return f"{self.JS_WRAP}({quoted})" if self.JS_WRAP else quoted

    def wl_routes(self) -> dict:
        return {
            "/wlswitchinterface0.wl": lambda p: self.switch("0"),
            "/wlswitchinterface1.wl": lambda p: self.switch("1"),
            "/wlsecurity.html": self.security_page,
            "/wlsecurity.wl": self.security_save,
            "/wlcfg.wl": self.cfg_save,
            "/logout.cgi": self.do_logout,
        }

    def radio_band(self, session: dict) -> str:
        return self.RADIOS[session["radio"]]

    def switch(self, index: str) -> None:
        session = self.session(self.COOKIE)
        if session is None:
            self.login_page()
            return
        if self.RADIOS[index] not in self.router.bands:
            self._send("<html><body>404 Not Found</body></html>", 404)
            return
        session["radio"] = index
        if "plain_radio_pages" in self.router.faults:
            token = self.router.token(session)
            self._send(f"<html><head><script>var sessionKey = '{token}';</script></head><body>Wireless</body></html>")
            return
        self.security_page({})

    def security_page(self, params: dict[str, str]) -> None:
        session = self.session(self.COOKIE)
        if session is None:
            self.login_page()
            return
        band = self.radio_band(session)
        token = self.router.token(session)
        wl_band = "2" if band == "2.4" else "1"
        settings = self.router.settings[band]
        self._send(
            "<html><head><script>\n"
            f"var sessionKey = '{token}';\n"
            + ("" if "band_menu" in self.router.faults else f"var wlBand = '{wl_band}';\n") +
            f"var wlSsid = {self._wrap(self.router.bands[band]['ssid'])};\n"
            f"var wpaPskKey = {self._wrap(self.router.shown_key(band))};\n"
            f"var wlAuthMode = '{settings['security']}';\nvar wlWpa = '{settings['cipher']}';\n"
            f"var wlWscMode = '{'enabled' if settings['wps'] == '1' else 'disabled'}';\n"
            f"var wlEnbl = '{settings['enabled']}';\nvar wlHide = '{settings['broadcast']}';\n"
            "</script></head><body>"
            + ("<ul><li>2.4GHz</li><li>5GHz</li></ul>" if "band_menu" in self.router.faults else "") +
            f"<p>Wireless -- Security (wl{session['radio']}: {band}GHz)</p>"
            "<form name='wlsecurity' action='wlsecurity.wl' method='get'>"
            f"<input type='hidden' name='wlSsidIdx' value='0'>"
            f"<input type='password' name='wlWpaPsk' value='{_esc(self.router.shown_key(band))}'>"
            "</form></body></html>"
        )

    def _check_token(self, params: dict[str, str], session: dict) -> bool:
        if params.get("sessionKey") != session["token"]:
            self._send("<html><body>Invalid Session Key</body></html>")
            return False
        return True

    def security_save(self, params: dict[str, str]) -> None:
        session = self.session(self.COOKIE)
        if session is None:
            self.login_page()
            return
        if not self._check_token(params, session):
            return
        key = params.get("wlWpaPsk", "")
        if self.router.key_refused(key):
            self.router.counters["rejected"] += 1
            self._send("<html><body><script>alert('Invalid WPA pre-shared key');</script></body></html>")
            return
        if "ignore_save" not in self.router.faults:
            # a setting left out of the query is reset, as on Broadcom firmware: resend them all
            self.router.settings[self.radio_band(session)].update(
                security=params.get("wlAuthMode", "?"), cipher=params.get("wlWpa", "?"),
                wps={"enabled": "1"}.get(params.get("wlWscMode", ""), "0"),
            )
        self.router.save(self.radio_band(session), key, None)
        if {"drop_on_save", "never_back"} & self.router.faults:
            self._drop_after_save()
            return
        self.security_page({})

    def cfg_save(self, params: dict[str, str]) -> None:
        session = self.session(self.COOKIE)
        if session is None:
            self.login_page()
            return
        if not self._check_token(params, session):
            return
        if "ignore_save" not in self.router.faults:
            self.router.settings[self.radio_band(session)].update(
                enabled=params.get("wlEnbl", "0"), broadcast=params.get("wlHide", "0"),
            )
        self.router.save(self.radio_band(session), None, params.get("wlSsid"))
        self.security_page({})

    def do_logout(self, params: dict[str, str]) -> None:
        self.logout(self.COOKIE)
        self.login_page()


class MitrastarBroadcom(BroadcomWl):
    """GPT-2541GNAC: sid challenge on /login_frame.html, base64(user:md5(sid:password))."""

    def routes(self) -> dict:
        return {"/": self.home, "/login_frame.html": lambda p: self.login_page(),
                "/login-login.cgi": self.login, "/index.html": self.home, **self.wl_routes()}

    def login_page(self) -> None:
        sid = secrets.token_hex(8)
        self.router.challenges.add(sid)
        self._send(
            "<html><head><script>\n"
            f'var sid = "{sid}";\n'
            "</script></head><body><form name='loginform' action='/login-login.cgi' method='post'>"
            "<input name='user'><input type='password' name='pass'><input type='hidden' name='sessionKey'>"
            "</form></body></html>"
        )

    def login(self, params: dict[str, str]) -> None:
        expected = {
            base64.b64encode(
                f"{self.router.user}:{hashlib.md5(f'{sid}:{self.router.password}'.encode()).hexdigest()}".encode()
            ).decode()
            for sid in self.router.challenges
        }
        if self.command != "POST" or params.get("sessionKey") not in expected or params.get("pass"):
            self.refuse_login()
            self.login_page()
            return
        self.router.challenges.clear()
        sid, _ = self.logged_in(self.COOKIE)
        self._send("<html><script>top.location='/index.html';</script></html>", cookies={self.COOKIE: sid})

    def home(self, params: dict[str, str]) -> None:
        if self.session(self.COOKIE, landing=True) is None:
            self.login_page()
            return
        self._send("<html><body>GPT-2541GNAC</body></html>")


class AskeyBroadcom(BroadcomWl):
    """RTF3505VW / RTF3507VW: plain login form on /te_acceso_router.cgi, cookie sessionID."""

    COOKIE = "sessionID"
    JS_WRAP = "htmlDecode"

    def routes(self) -> dict:
        return {"/": self.home, "/te_acceso_router.html": lambda p: self.login_page(),
                "/te_acceso_router.cgi": self.login, **self.wl_routes()}

    def login_page(self) -> None:
        cookies = {}
        if self._cookies().get(self.COOKIE) not in self.router.sessions:
            cookies[self.COOKIE] = self.router.new_session()
        self._send(
            "<html><body><form name='te_acceso_router' action='/te_acceso_router.cgi' method='post'>"
            "<input name='loginUsername'><input type='password' name='loginPassword'>"
            "</form></body></html>",
            cookies=cookies,
        )

    def login(self, params: dict[str, str]) -> None:
        sid = self._cookies().get(self.COOKIE, "")
        good = (
            self.command == "POST"
            and sid in self.router.sessions
            and params.get("loginPassword") == self.router.password
            and params.get("loginUsername", self.router.user) == self.router.user
        )
        if not good:
            self.refuse_login()
            self.login_page()
            return
        self.router.sessions[sid]["auth"] = True
        self.router.counters["logins"] += 1
        self._redirect("/")

    def home(self, params: dict[str, str]) -> None:
        if self.session(self.COOKIE, landing=True) is None:
            self.login_page()
            return
        self._send("<html><body>RTF3505VW <a href='/logout.cgi'>logout</a></body></html>")


# --------------------------------------------------------------------------------------------
# Askey EcoNet: RTF8115VW / RTF8225VW (.asp pages, XOR 0x1F login)
# --------------------------------------------------------------------------------------------
class AskeyEconet(Handler):
    COOKIE = "_httpdSessionId_"
    PAGES = {"2.4": "/te_wifi.asp", "5": "/te_wifi_5ghz.asp"}
    PAGE_24, PAGE_5G, PAGE_5G_MOVED = PAGES["2.4"], PAGES["5"], "/te_wifi_ac.asp"

    def routes(self) -> dict:
        return {
            "/": lambda p: self.login_page(),
            "/login.asp": lambda p: self.login_page(),
            "/cgi-bin/te_acceso_router.cgi": self.login,
            "/te_wifi.asp": lambda p: self.wifi_page("2.4"),
            "/te_wifi_5ghz.asp": lambda p: self.wifi_page("5"),
            "/cgi-bin/te_wifi.cgi": self.wifi_save,
            "/cgi-bin/sessionkey.cgi": self.session_key,
            "/cgi-bin/logout.cgi": self.do_logout,
        }

    def session_key(self, params: dict[str, str]) -> None:
        """A CSRF key handed out on request; once issued, the next save must carry it."""
        session = self.session(self.COOKIE, landing=True)
        if session is None:
            self.login_page()
            return
        session["ckey"] = str(secrets.randbelow(90000000) + 10000000)
        self._send(session["ckey"], ctype="text/plain")

    def login_page(self) -> None:
        cookies = {}
        if self._cookies().get(self.COOKIE) not in self.router.sessions:
            cookies[self.COOKIE] = self.router.new_session()
        self._send(
            "<html><body><form name='login' action='/cgi-bin/te_acceso_router.cgi' method='post'>"
            "<input name='loginUsername'><input type='password' name='loginPassword'>"
            "<input type='hidden' name='curWebPage' value='/te_wifi.asp'></form></body></html>",
            cookies=cookies,
        )

    @staticmethod
    def unxor(text: str) -> str:
        return "".join(chr(ord(ch) ^ 0x1F) for ch in text)

    def login(self, params: dict[str, str]) -> None:
        sid = self._cookies().get(self.COOKIE, "")
        good = (
            self.command == "POST"
            and sid in self.router.sessions
            and self.unxor(params.get("loginUsername", "")) == self.router.user
            and self.unxor(params.get("loginPassword", "")) == self.router.password
        )
        if not good:
            self.refuse_login()
            self.login_page()
            return
        self.router.sessions[sid]["auth"] = True
        self.router.counters["logins"] += 1
        self._redirect(params.get("curWebPage") or "/te_wifi.asp")

    def wifi_page(self, band: str) -> None:
        session = self.session(self.COOKIE)
        if session is None:
            self.login_page()
            return
        if band not in self.router.bands:
            self._send("<html><body>404 Not Found</body></html>", 404)
            return
        token = self.router.token(session)
        current, settings = self.router.bands[band], self.router.settings[band]
        options = "".join(
            f"<option value='{v}'{' selected' if settings['security'] == v else ''}>{t}</option>"
            for v, t in self.security_options(settings["security"])
        )
        self._send(
            "<html><head><script>\n"
            f"var wifiSSIDName = '{_js(current['ssid'])}';\n"
            f"var wpaPskKey = '{_js(self.router.shown_key(band))}';\n"
            "</script></head><body>"
            "<form name='wifi' action='/cgi-bin/te_wifi.cgi' method='post'>"
            f"<input type='hidden' name='SessionToken' value='{token}'>"
            f"<input type='hidden' name='wlBand' value='{band}'>"
            f"<input type='hidden' name='wlEnable' value='{settings['enabled']}'>"
            f"<input type='text' name='wlSsid' value='{_esc(current['ssid'])}'>"
            f"<select name='wlAuthMode'>{options}</select>"
            f"<input type='password' name='wlWpaPsk' value='{_esc(self.router.shown_key(band))}'>"
            "</form></body></html>"
        )

    @staticmethod
    def security_options(current: str) -> list[tuple[str, str]]:
        """The modes the page offers; a firmware on another mode (WPA3, WEP) lists that one too."""
        options = [("psk2", "WPA2"), ("psk psk2", "WPA/WPA2")]
        return options if current in dict(options) else [(current, current), *options]

    def wifi_save(self, params: dict[str, str]) -> None:
        session = self.session(self.COOKIE)
        if session is None:
            self.login_page()
            return
        band = params.get("wlBand", "")
        if (params.get("SessionToken") != session["token"] or band not in self.router.bands
                or params.get("sessionKey") != session.pop("ckey", None)):
            self._send("<html><body>Invalid Session Token</body></html>")
            return
        key = params.get("wlWpaPsk", "")
        if self.router.key_refused(key):
            self.router.counters["rejected"] += 1
            self._send("<html><body><script>alert('Invalid key: characters not allowed');</script></body></html>")
            return
        if "ignore_save" not in self.router.faults:
            self.router.settings[band].update(
                enabled=params.get("wlEnable", "?"), security=params.get("wlAuthMode", "?")
            )
        self.router.save(band, key, params.get("wlSsid"))
        if {"drop_on_save", "never_back"} & self.router.faults:
            self._drop_after_save()
            return
        self._redirect(self.PAGES[band])

    def do_logout(self, params: dict[str, str]) -> None:
        self.logout(self.COOKIE)
        self.login_page()


HANDLERS = {
    "mitrastar-econet": MitrastarEconet,
    "mitrastar-broadcom": MitrastarBroadcom,
    "askey-broadcom": AskeyBroadcom,
    "askey-econet": AskeyEconet,
}


def serve(family: str, host: str, port: int, user: str, password: str, faults: set[str], restart: float,
          security: dict[str, str] | None = None, save_seconds: float = 0.0, ssids: dict[str, str] | None = None) -> None:
    router = Router(family, user, password, faults, restart, security, save_seconds, ssids)
    handler = type(f"{HANDLERS[family].__name__}Lab", (HANDLERS[family],), {"router": router})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.serve_forever()


def start(ctx: LabContext) -> ServiceInfo:
    """`netops lab up`: one router per family, lab user and password on the usage lines."""
    pids, endpoints, usage = [], {}, []
    for family, (default_port, model, _) in FAMILIES.items():
        port = ctx.port(default_port)
        pid = ctx.spawn(f"router-{family}", [
            ctx.python(), "-m", "netops.lab.routers", "--family", family, "--host", ctx.host,
            "--port", str(port), "--user", LAB_USER, "--password", LAB_PASSWORD,
        ])
        wait_until(functools.partial(tcp_open, ctx.host, port), 10, f"router {family}", pid)
        pids.append(pid)
        endpoints[family] = f"http://{ctx.host}:{port}/"
        usage.append(
            f"NETOPS_CPE_PASSWORD={LAB_PASSWORD} netops wifi reset {ctx.host} --port {port} --model {model}"
        )
    return ServiceInfo(name=NAME, pids=pids, endpoints=endpoints, usage=usage)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Simulated router web UI (lab).")
    parser.add_argument("--family", choices=sorted(HANDLERS), required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", default=LAB_USER)
    parser.add_argument("--password", default=LAB_PASSWORD)
    parser.add_argument("--faults", default="", help="comma-separated fault names (see module doc)")
    parser.add_argument("--restart-seconds", type=float, default=2.0)
    parser.add_argument("--security", default="", help="security modes as the pages name them, e.g. '2.4=2,5=open'")
    parser.add_argument("--save-seconds", type=float, default=0.0, help="how long a 5 GHz save takes to answer")
    parser.add_argument("--ssid", action="append", default=[], help="BAND=SSID the router starts with (repeatable)")
    args = parser.parse_args(argv)
    faults = {f.strip() for f in args.faults.split(",") if f.strip()}
    security = dict(item.split("=", 1) for item in args.security.split(",") if "=" in item)
    ssids = dict(item.split("=", 1) for item in args.ssid if "=" in item)
    serve(args.family, args.host, args.port, args.user, args.password, faults, args.restart_seconds, security,
          args.save_seconds, ssids)


if __name__ == "__main__":
    main()
