"""The lab OLTs' command-line interfaces: Huawei SmartAX (MA5800) and ZTE ZXAN (C300/C320, C600).

Output shapes follow published device output (research notes section 2, ntc-templates'
huawei_smartax test samples): key/value blocks with `-` for missing values, the
`---- More ( Press 'Q' to break ) ----` pager with its ESC[37D erase, `Failure: ...` messages on
Huawei; `--More--` with backspaces, `%Code ...` messages, `N/A` values and the
`ONU Number: online/total` footer on ZTE. The data is the lab population shared with the SNMP lab.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from netops.lab.olt_data import EARLIER_DROP, LabOlt, LabOnu, population
from netops.models import OnuRef, PonRef

HUAWEI_MORE = "---- More ( Press 'Q' to break ) ----"
HUAWEI_ERASE = "\x1b[37D" + " " * 37 + "\x1b[37D"
ZTE_MORE = " --More--"
ZTE_ERASE = "\x08" * 9 + " " * 9 + "\x08" * 9
PAGE_LINES = 24


def last_cause(onu: LabOnu) -> str | None:
    """Offline ONUs tell why; online ones report the cause of their last drop (as the SNMP lab)."""
    return onu.down_cause if onu.state == "offline" else "dying_gasp"


def clock(value, offset: bool = False) -> str:
    """A lab time as the OLTs print it: `2026-11-20 08:00:00`, with `+00:00` where Huawei adds it."""
    if value is None:
        return "-"
    return value.strftime("%Y-%m-%d %H:%M:%S") + ("+00:00" if offset else "")


def huawei_duration(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    days, rest = divmod(seconds, 86400)
    return f"{days} day(s), {rest // 3600} hour(s), {rest % 3600 // 60} minute(s), {rest % 60} second(s)"


def zte_duration(seconds: int | None) -> str:
    if seconds is None:
        return "N/A"
    return f"{seconds // 3600}h {seconds % 3600 // 60}m {seconds % 60}s"


def _missing(onu: LabOnu, name: str) -> bool:
    return onu.state != "online" or name in onu.sentinel or name in onu.garbled or getattr(onu, name) is None


class Device:
    """One CLI session. Subclasses answer commands; this class does login, echo and paging."""

    hostname = "OLT"
    more = HUAWEI_MORE
    erase = HUAWEI_ERASE

    def __init__(self, olt: LabOlt | None, faults) -> None:
        self.olt: Any = olt  # None: a device that only refuses the login
        self.faults = faults
        self.onus: dict[OnuRef, LabOnu] = {o.onu: o for o in population(olt)} if olt else {}
        self.pons = list(olt.pons) if olt else []
        self.mode = "user"
        self.paging = True
        self.page_lines = PAGE_LINES
        self.closed = False
        self.stdin: Any = None  # the SSH or telnet stream, set by the server
        self.stdout: Any = None
        self._pending = ""
        self.last_command = ""
        self._after_cr = False

    # -- I/O ----------------------------------------------------------------------------------

    def write(self, text: str) -> None:
        self.stdout.write(text.replace("\r\n", "\n").replace("\n", "\r\n"))

    async def read_char(self) -> str:
        while not self._pending:
            data = await self.stdin.read(1024)
            if not data:
                raise ConnectionError("client closed")
            self._pending += data.replace("\x00", "")  # netmiko's keepalive probe is a NUL byte
        char, self._pending = self._pending[0], self._pending[1:]
        return char

    async def read_line(self, echo: bool = True) -> str:
        line = ""
        while True:
            char = await self.read_char()
            if char == "\n" and self._after_cr:  # the second half of a CR LF split across reads
                self._after_cr = False
                continue
            self._after_cr = char == "\r"
            if char in "\r\n":
                if echo:
                    self.write("\n")
                return line
            if char in "\x08\x7f":
                if line:
                    line = line[:-1]
                    if echo:
                        self.write("\x08 \x08")
                continue
            line += char
            if echo:
                self.write(char)

    async def page(self, lines: list[str], data: bool = True) -> None:
        """Write output lines, stopping at the pager every page unless scrolling is off."""
        if data and self.faults.slow:
            await asyncio.sleep(self.faults.slow)
        targeted = self.faults.drop_on is not None and re.search(self.faults.drop_on, self.last_command)
        if data and (self.faults.drops_left > 0 or targeted):
            self.faults.drops_left -= 0 if targeted else 1
            self.write("\n".join(lines[: max(1, len(lines) // 2)]) + "\n")
            await asyncio.sleep(0.05)
            self.closed = True
            raise ConnectionError("dropped on purpose")
        paging = self.paging or self.faults.pager_always
        page_lines = PAGE_LINES if self.faults.pager_always else self.page_lines
        for number, line in enumerate(lines, 1):
            self.write(line + "\n")
            if paging and number % page_lines == 0 and number < len(lines):
                self.write(self.more)
                key = await self.read_char()
                self.write(self.erase)
                if key in "qQ":
                    return

    def prompt(self) -> str:
        raise NotImplementedError

    def banner(self) -> list[str]:
        return []

    # telnet login prompts and refusal (SSH authenticates before the CLI starts)
    user_prompt = "Username:"
    password_prompt = "Password:"
    login_failed = "%Error 20209: No username or bad password."

    async def telnet_login(self, valid) -> bool:
        """Ask for user name and password (three tries), as the device does on telnet."""
        for _ in range(3):
            self.write(self.user_prompt)
            user = (await self.read_line()).strip()
            self.write(self.password_prompt)
            password = await self.read_line(echo=False)
            self.write("\n")
            if valid(user, password):
                return True
            self.write(self.login_failed + "\n")
        return False

    async def run(self, stdin, stdout) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.write("\n".join(self.banner()) + "\n")
        while not self.closed:
            self.write(self.prompt())
            line = (await self.read_line()).strip()
            if line:
                self.last_command = line
                await self.command(line)

    async def command(self, line: str) -> None:
        raise NotImplementedError

    def onu(self, pon: PonRef, onu_id: int) -> LabOnu | None:
        return self.onus.get(OnuRef(pon, onu_id))

    def port_onus(self, pon: PonRef) -> list[LabOnu]:
        return [o for ref, o in self.onus.items() if ref.pon == pon]


# -- Huawei SmartAX --------------------------------------------------------------------------

HUAWEI_CAUSE = {"los": "LOS", "dying_gasp": "dying-gasp"}
MAX_ONT_ID = 127  # GPON ONT ids on a port: 0..127
PARAMETER_ERROR = "                                  ^\n  % Parameter error, the error locates at '^'"
LINE = "  " + "-" * 77
WIDE_LINE = "  " + "-" * 78


def huawei_number(onu: LabOnu, name: str, fmt: str = "{:.2f}") -> str:
    return "-" if _missing(onu, name) else fmt.format(getattr(onu, name))


class Huawei(Device):
    hostname = "MA5800-X7"
    user_prompt = ">>User name:"
    password_prompt = ">>User password:"
    login_failed = "  Username or password invalid."

    def __init__(self, olt: LabOlt | None, faults) -> None:
        super().__init__(olt, faults)
        self.smart = True
        self.interface: Any = None  # (frame, slot) in interface mode

    def banner(self) -> list[str]:
        return [
            "",
            "  Huawei Integrated Access Software (MA5800).",
            "  Copyright(C) Huawei Technologies Co., Ltd. 2002-2019. All rights reserved.",
            "",
            LINE,
            "  User last login information:",
            LINE,
            "  Access Type : SSH",
            "  IP-Address  : 127.0.0.1 ssh",
            "  Login  Time : 2026-11-21 08:00:00+00:00",
            "  Logout Time : 2026-11-21 08:10:00+00:00",
            LINE,
            "",
        ]

    def prompt(self) -> str:
        if self.mode == "user":
            return f"{self.hostname}>"
        if self.mode == "enable":
            return f"{self.hostname}#"
        if self.mode == "config":
            return f"{self.hostname}(config)#"
        frame, slot = self.interface
        return f"{self.hostname}(config-if-gpon-{frame}/{slot})#"

    def unknown(self, line: str) -> None:
        self.write("                  ^\n  % Unknown command, the error locates at '^'\n")

    def failure(self, text: str) -> None:
        self.write(f"  Failure: {text}\n")

    async def command(self, line: str) -> None:
        words = line.split()
        cmd = " ".join(words).lower()
        if cmd == "enable" and self.mode == "user":
            self.mode = "enable"
        elif cmd == "disable" and self.mode == "enable":
            self.mode = "user"
        elif cmd == "undo smart":
            self.smart = bool(getattr(self.faults, "keep_smart", False))
        elif cmd == "smart":
            self.smart = True
        elif cmd in ("undo interactive", "interactive", "undo idle-timeout"):
            pass
        elif cmd == "infoswitch cli off":
            if self.mode == "user":
                return self.unknown(line)
        elif words[0].lower() == "scroll":
            # Paging cannot be switched off on these OLTs: `scroll [N]` makes pages of N lines
            # (512 at most, the default), so long outputs still stop at the pager.
            size = int(words[1]) if len(words) > 1 and words[1].isdigit() else 512
            self.page_lines = max(10, min(size, 512))
        elif cmd in ("config", "configure terminal") and self.mode in ("enable", "config"):
            self.mode = "config"
        elif words[0].lower() == "interface" and self.mode in ("config", "interface"):
            match = re.fullmatch(r"interface gpon (\d+)/(\d+)", cmd)
            slots = self.boards()
            if not match or (int(match.group(1)), int(match.group(2))) not in slots:
                return self.failure("The board does not exist") if match else self.unknown(line)
            self.interface = (int(match.group(1)), int(match.group(2)))
            self.mode = "interface"
        elif cmd == "return" and self.mode in ("config", "interface"):
            self.mode = "enable"
        elif cmd == "quit":
            await self.quit()
        elif words[0].lower() == "display" and self.mode != "user":
            await self.display(line, words[1:])
        else:
            self.unknown(line)

    def boards(self) -> set[tuple[int, int]]:
        """(frame, slot) of the GPON boards `interface gpon F/S` accepts."""
        return {(p.frame, p.slot) for p in self.pons}

    async def quit(self) -> None:
        if self.mode == "interface":
            self.mode = "config"
        elif self.mode == "config":
            self.mode = "enable"
        else:
            self.write("  Are you sure to log out? (y/n)[n]:")
            answer = (await self.read_line()).strip().lower()
            if answer == "y":
                self.write(
                    "\n  Check whether system data has been changed. Please save data before logout.\n"
                    "  Configuration console exit, please retry to log on\n"
                )
                self.closed = True

    async def display(self, line: str, words: list[str]) -> None:
        lines = self.display_lines(words)
        if lines is None:
            return self.unknown(line)
        if self.smart and lines and not lines[0].startswith("  Failure"):
            self.write("{ <cr>||<K> }:")
            await self.read_line()
        await self.page(lines)

    def display_lines(self, words: list[str]) -> list[str] | None:
        w = [x.lower() for x in words]
        if w[:2] == ["ont", "info"]:
            rest = w[2:]
            if rest[:1] == ["summary"] and len(rest) == 2:
                return self.summary(rest[1])
            if rest[:1] == ["by-sn"] and len(rest) == 2:
                return self.by_sn(rest[1])
            if len(rest) == 2 and rest[1] == "all" and rest[0].isdigit():
                if self.mode == "interface":  # in a board's mode the number is a port of that board
                    frame, slot = self.interface
                    return self.ont_list(frame, PonRef(frame, slot, int(rest[0])))
                return self.ont_list(int(rest[0]))
            if len(rest) == 2 and self.mode == "interface" and all(x.isdigit() for x in rest):
                frame, slot = self.interface
                if int(rest[1]) > MAX_ONT_ID:
                    return [PARAMETER_ERROR]
                return self.ont_info(PonRef(frame, slot, int(rest[0])), int(rest[1]))
            if len(rest) == 4 and all(x.isdigit() for x in rest):
                return self.ont_info(PonRef(*map(int, rest[:3])), int(rest[3]))
            return None
        if w[:2] == ["ont", "optical-info"] and self.mode == "interface" and len(w) == 4:
            frame, slot = self.interface
            if not w[2].isdigit():
                return None
            pon = PonRef(frame, slot, int(w[2]))
            if w[3] == "all":
                return self.optical_table(pon)
            if w[3].isdigit():
                return [PARAMETER_ERROR] if int(w[3]) > MAX_ONT_ID else self.optical(pon, int(w[3]))
        return None

    def _port_ok(self, pon: PonRef) -> bool:
        return pon in self.pons

    def ont_info(self, pon: PonRef, ont_id: int) -> list[str]:
        if not self._port_ok(pon):
            return ["  Failure: The port does not exist"]
        onu = self.onu(pon, ont_id)
        if onu is None:
            return ["  Failure: The ONT does not exist"]
        online = onu.state == "online"
        serial = onu.serial.hex().upper()
        cause = last_cause(onu)
        kv = [
            ("F/S/P", f"{pon.frame}/{pon.slot}/{pon.port}"),
            ("ONT-ID", str(ont_id)),
            ("Control flag", "active"),
            ("Run state", onu.state),
            ("Config state", "normal" if online else "initial"),
            ("Match state", "match" if online else "initial"),
            ("ONT LLID", "-"),
            ("ONT distance(m)", str(onu.distance_m) if online else "-"),
            ("ONT last distance(m)", str(onu.distance_m or 1523)),
            ("ONT RTT(TQ)", "-"),
            ("Memory occupation", "44%" if online else "-"),
            ("CPU occupation", "3%" if online else "-"),
            ("Temperature", f"{int(onu.temperature_c)}(C)" if online and onu.temperature_c else "-"),
            ("Authentic type", "SN-auth"),
            ("SN", f"{serial} ({onu.serial[:4].decode()}-{serial[8:]})"),
            ("Management mode", "OMCI"),
            ("Software work mode", "normal"),
            ("Isolation state", "normal"),
            ("ONT IP 0 address/mask", "-"),
            ("Description", onu.description),
            ("Last down cause", HUAWEI_CAUSE.get(cause or "", "-")),
            ("Last up time", clock(onu.last_up, offset=True)),
            ("Last down time", clock(onu.last_down, offset=True)),
            ("Last dying gasp time", clock(onu.last_down if onu.down_cause == "dying_gasp" else EARLIER_DROP, offset=True)),
            ("ONT online duration", huawei_duration(self.olt.uptime_s(onu))),
            ("Type C support", "Not support"),
            ("Interoperability-mode", "ITU-T"),
            ("Power reduction status", "-"),
            ("FEC upstream state", "use-profile-config"),
            ("VS-ID", "0"),
            ("VS name", "admin-vs"),
            ("Global ONT-ID", str(ont_id)),
        ]
        lines = [LINE] + [f"  {k:<24}: {v}" for k, v in kv] + [LINE]
        lines += [
            "  Line profile ID      : 10",
            "  Line profile name    : ftth",
            LINE,
            "  Service profile ID   : 10",
            "  Service profile name : ftth",
            LINE,
        ]
        return lines

    def by_sn(self, text: str) -> list[str]:
        for onu in self.onus.values():
            if onu.serial.hex().lower() == text.lower():
                return self.ont_info(onu.onu.pon, onu.onu.onu_id)
        return ["  Failure: The ONT does not exist"]

    def optical(self, pon: PonRef, ont_id: int) -> list[str]:
        if not self._port_ok(pon):
            return ["  Failure: The port does not exist"]
        onu = self.onu(pon, ont_id)
        if onu is None:
            return ["  Failure: The ONT does not exist"]
        if onu.state != "online":
            return ["  Failure: The ONT is not online"]
        kv = [
            ("ONU NNI port ID", "0"),
            ("Module type", "GPON"),
            ("Module sub-type", "CLASS B+"),
            ("Used type", "ONU"),
            ("Encapsulation Type", "BOSA ON BOARD"),
            ("Optical power precision(dBm)", "3.0"),
            ("Vendor name", "HUAWEI"),
            ("Vendor rev", "-"),
            ("Vendor PN", "HW-BOB-0007"),
            ("Vendor SN", "1234567890"),
            ("Date Code", "21-01-01"),
            ("Rx optical power(dBm)", huawei_number(onu, "rx_dbm")),
            ("Rx power current warning threshold(dBm)", "[-,-]"),
            ("Rx power current alarm threshold(dBm)", "[-29.0,-7.0]"),
            ("Tx optical power(dBm)", huawei_number(onu, "tx_dbm")),
            ("Tx power current warning threshold(dBm)", "[-,-]"),
            ("Tx power current alarm threshold(dBm)", "[0.0,5.0]"),
            ("Laser bias current(mA)", "7"),
            ("Tx bias current warning threshold(mA)", "[-,-]"),
            ("Tx bias current alarm threshold(mA)", "[0.000,90.000]"),
            ("Temperature(C)", huawei_number(onu, "temperature_c", "{:.0f}")),
            ("Temperature warning threshold(C)", "[-,-]"),
            ("Temperature alarm threshold(C)", "[-40,85]"),
            ("Voltage(V)", "3.280"),
            ("Supply voltage warning threshold(V)", "[-,-]"),
            ("Supply voltage alarm threshold(V)", "[3.000,3.600]"),
            ("OLT Rx ONT optical power(dBm)", huawei_number(onu, "olt_rx_dbm")),
            ("CATV Rx optical power(dBm)", "-"),
            ("CATV Rx power alarm threshold(dBm)", "[-,-]"),
        ]
        return [LINE] + [f"  {k:<39}: {v}" for k, v in kv] + [LINE]

    def optical_table(self, pon: PonRef) -> list[str]:
        if not self._port_ok(pon):
            return ["  Failure: The port does not exist"]
        rows = [
            f"  {o.onu.onu_id:>3}  {huawei_number(o, 'rx_dbm'):<9} {huawei_number(o, 'tx_dbm'):<9} "
            f"{huawei_number(o, 'olt_rx_dbm'):<11} {huawei_number(o, 'temperature_c', '{:.0f}'):<12} "
            f"3.200    7        {o.distance_m}"
            for o in self.port_onus(pon)
            if o.state == "online"
        ]
        if not rows:
            return ["  Failure: There is no ONT available"]
        return [
            "  ----------------------------------------------------------------------------- ",
            "  ONT  Rx power  Tx power  OLT Rx ONT  Temperature  Voltage  Current  Distance  ",
            "  ID   (dBm)     (dBm)     power(dBm)  (C)          (V)      (mA)     (m)       ",
            "  ----------------------------------------------------------------------------- ",
            *rows,
            "  -----------------------------------------------------------------------------",
        ]

    def summary(self, fsp: str) -> list[str]:
        match = re.fullmatch(r"(\d+)/(\d+)/(\d+)", fsp)
        if not match:
            return ["  Failure: Parameter error"]
        pon = PonRef(*map(int, match.groups()))
        if not self._port_ok(pon):
            return ["  Failure: The port does not exist"]
        onus = self.port_onus(pon)
        online = sum(1 for o in onus if o.state == "online")
        lines = [
            WIDE_LINE,
            f"  In port {pon}, the total of ONTs are: {len(onus)}, online: {online}",
            WIDE_LINE,
            "  ONT  Run     Last                Last                Last",
            "  ID   State   UpTime              DownTime            DownCause",
            WIDE_LINE,
        ]
        for o in onus:
            lines.append(
                f"  {o.onu.onu_id:<4} {o.state:<7} {clock(o.last_up)} {clock(o.last_down)} {HUAWEI_CAUSE.get(last_cause(o) or '', '-')}"
            )
        lines += [
            WIDE_LINE,
            "  ONT        SN        Type          Distance Rx/Tx power  Description",
            "  ID                                    (m)      (dBm)",
            WIDE_LINE,
        ]
        for o in onus:
            power = f"{huawei_number(o, 'rx_dbm')}/{huawei_number(o, 'tx_dbm')}"
            distance = str(o.distance_m) if o.state == "online" else "-"
            lines.append(f"  {o.onu.onu_id:<3} {o.serial.hex().upper()} HG8245H       {distance:>5}   {power:<12} {o.description}")
        lines.append(WIDE_LINE)
        return lines

    def ont_list(self, frame: int, port: PonRef | None = None) -> list[str]:
        pons = [p for p in self.pons if p.frame == frame and port in (None, p)]
        if not pons:
            return [f"  Failure: The {'port' if port else 'frame'} does not exist"]
        lines = []
        for pon in pons:
            onus = self.port_onus(pon)
            fsp = f"{pon.frame}/{pon.slot:>2}/{pon.port}"
            lines += [
                LINE,
                "  F/S/P   ONT         SN         Control     Run      Config   Match    Protect",
                "          ID                     flag        state    state    state    side",
                LINE,
            ]
            for o in onus:
                config, match = ("normal", "match") if o.state == "online" else ("initial", "initial")
                lines.append(
                    f"  {fsp:<7} {o.onu.onu_id:>4}  {o.serial.hex().upper()}  active      {o.state:<8} {config:<8} {match:<8} no"
                )
            lines += [LINE, "  F/S/P   ONT-ID   Description", LINE]
            lines += [f"  {fsp:<7} {o.onu.onu_id:>6}   {o.description}" for o in onus]
            online = sum(1 for o in onus if o.state == "online")
            lines += [
                LINE,
                f"  In port {fsp}, the total number of ONTs are: {len(onus)}, online: {online}, offline: {len(onus) - online}",
            ]
        lines.append(LINE)
        return lines


# -- ZTE ZXAN ----------------------------------------------------------------------------------

ZTE_PHASE = {"los": "LOS", "dying_gasp": "DyingGasp"}
ZTE_CAUSE = {"los": "LOS", "dying_gasp": "DyingGasp"}


class Zte(Device):
    hostname = "ZXAN"
    more = ZTE_MORE
    erase = ZTE_ERASE
    onu_prefix = "gpon-onu_"
    olt_prefix = "gpon-olt_"

    def __init__(self, olt: LabOlt | None, faults) -> None:
        super().__init__(olt, faults)
        self.mode = "enable"

    def banner(self) -> list[str]:
        return ["", "******************************************", "  Welcome to ZXAN product C300 of ZTE Corporation",
                "******************************************", ""]

    def prompt(self) -> str:
        return {"enable": f"{self.hostname}#", "config": f"{self.hostname}(config)#"}.get(
            self.mode, f"{self.hostname}(config-if)#"
        )

    def invalid(self) -> None:
        self.write("%Error 20203: Invalid input detected at '^' marker.\n")

    def number(self, onu: LabOnu, name: str) -> str:
        return "N/A" if _missing(onu, name) else f"{getattr(onu, name):.3f}(dbm)"

    def _ref(self, text: str, prefix: str, with_id: bool) -> tuple[PonRef, int | None] | str:
        pattern = rf"{re.escape(prefix)}(\d+)/(\d+)/(\d+)" + (r":(\d+)" if with_id else "")
        match = re.fullmatch(pattern, text)
        if not match:
            return "%Error 20205: Invalid interface name."
        pon = PonRef(*map(int, match.groups()[:3]))
        if pon not in self.pons:
            return "%Error 20205: Invalid interface name."
        return pon, int(match.group(4)) if with_id else None

    async def command(self, line: str) -> None:
        words = line.split()
        cmd = " ".join(words).lower()
        if cmd in ("enable", "disable"):
            return
        if words[0].lower() == "terminal" and len(words) == 3 and words[1].lower() == "length":
            self.paging = words[2] != "0"
        elif cmd in ("configure terminal", "conf t"):
            self.mode = "config"
        elif cmd == "end":
            self.mode = "enable"
        elif cmd == "exit":
            if self.mode == "enable":
                self.closed = True
            else:
                self.mode = "enable" if self.mode == "config" else "config"
        elif words[0].lower() == "show":
            lines = self.show(words[1:])
            if lines is None:
                return self.invalid()
            await self.page(lines)
        else:
            self.invalid()

    def show(self, words: list[str]) -> list[str] | None:
        w = [x.lower() for x in words]
        original = words
        if w[:3] == ["gpon", "onu", "state"]:
            if len(w) == 3:
                return self.onu_state(self.pons)
            ref = self._ref(original[3], self.olt_prefix, False)
            return [ref] if isinstance(ref, str) else self.onu_state([ref[0]])
        if w[:3] == ["gpon", "onu", "detail-info"] and len(w) == 4:
            ref = self._ref(original[3], self.onu_prefix, True)
            return [ref] if isinstance(ref, str) else self.detail(*ref)  # type: ignore[arg-type]
        if w[:3] == ["gpon", "onu", "by"] and len(w) == 5 and w[3] == "sn":
            return self.by_sn(original[4])
        if w[:3] == ["pon", "power", "attenuation"] and len(w) == 4:
            ref = self._ref(original[3], self.onu_prefix, True)
            return [ref] if isinstance(ref, str) else self.attenuation(*ref)  # type: ignore[arg-type]
        if w[:2] == ["pon", "power"] and len(w) == 4 and w[2] in ("onu-rx", "onu-tx", "olt-rx"):
            ref = self._ref(original[3], self.olt_prefix, False)
            if isinstance(ref, str):
                return [ref]
            return self.power_list(ref[0], {"onu-rx": "rx_dbm", "onu-tx": "tx_dbm", "olt-rx": "olt_rx_dbm"}[w[2]])
        if w == ["running-config"]:
            return self.running_config()
        if w[:2] == ["running-config", "interface"] and len(w) == 3:
            ref = self._ref(original[2], self.olt_prefix, False)
            return [ref] if isinstance(ref, str) else self.olt_config(ref[0])
        return None

    def onu_name(self, ref: OnuRef) -> str:
        return f"{self.onu_prefix}{ref.pon}:{ref.onu_id}"

    def phase(self, onu: LabOnu) -> str:
        if onu.state == "online":
            return "working"
        return ZTE_PHASE.get(onu.down_cause or "", "OffLine")

    def onu_state(self, pons: list[PonRef]) -> list[str]:
        lines = [
            "OnuIndex   Admin State  OMCC State  Phase State  Channel",
            "--------------------------------------------------------------",
        ]
        total = online = 0
        for pon in pons:
            for o in self.port_onus(pon):
                total += 1
                online += o.state == "online"
                omcc = "enable" if o.state == "online" else "disable"
                lines.append(f"{o.onu!s:<11}enable       {omcc:<12}{self.phase(o):<13}1(GPON)")
        lines.append(f"ONU Number: {online}/{total}")
        return lines

    def detail(self, pon: PonRef, onu_id: int) -> list[str]:
        onu = self.onu(pon, onu_id)
        if onu is None:
            return ["%Code 62310-GPONSRV : No related information to show."]
        serial = onu.serial[:4].decode() + onu.serial[4:].hex().upper()
        online = onu.state == "online"
        kv = [
            ("ONU interface", self.onu_name(onu.onu)),
            ("Name", onu.description),
            ("Type", "ZTE-F660"),
            ("State", "ready"),
            ("Admin state", "enable"),
            ("Phase state", self.phase(onu)),
            ("Config state", "success"),
            ("Authentication mode", "sn"),
            ("SN Bind", "enable with SN check"),
            ("Serial number", serial),
            ("Password", ""),
            ("Description", onu.description),
            ("Vport mode", "gemport"),
            ("DBA Mode", "Hybrid"),
            ("ONU Status", "enable"),
            ("OMCI BW Profile", ""),
            ("Line Profile", "N/A"),
            ("Service Profile", "N/A"),
            ("Alarm Profile", "N/A"),
            ("Performance Profile", "N/A"),
            ("ONU Distance", f"{onu.distance_m}m" if online else "N/A"),
            ("Online Duration", zte_duration(self.olt.uptime_s(onu))),
            ("FEC", "none"),
            ("FEC actual mode", "none"),
            ("1PPS+ToD", "disable"),
            ("Auto replace", "disable"),
            ("Multicast encryption", "disable"),
        ]
        lines = [f"{k + ':':<24}{v}" for k, v in kv]
        lines += [
            "--------------------------------------------",
            "       Authpass Time          OfflineTime             Cause",
            f"   1   2026-11-18 08:00:00    {clock(EARLIER_DROP)}     {ZTE_CAUSE['dying_gasp']}",
        ]
        if online:
            lines.append(f"   2   {clock(onu.last_up)}    0000-00-00 00:00:00")
        else:
            cause = ZTE_CAUSE.get(onu.down_cause or "", "")
            lines.append(f"   2   {clock(onu.last_up)}    {clock(onu.last_down)}     {cause}")
        return lines

    def attenuation(self, pon: PonRef, onu_id: int) -> list[str]:
        onu = self.onu(pon, onu_id)
        if onu is None:
            return ["%Code 62310-GPONSRV : No related information to show."]
        if onu.state != "online":
            return ["%Code 62311-GPONSRV : The ONU is not online."]
        olt_tx = 5.369
        up_rx = "N/A" if _missing(onu, "olt_rx_dbm") else f"{onu.olt_rx_dbm:.3f}(dbm)"
        up_tx = "N/A" if _missing(onu, "tx_dbm") else f"{onu.tx_dbm:.3f}(dbm)"
        down_rx = "N/A" if _missing(onu, "rx_dbm") else f"{onu.rx_dbm:.3f}(dbm)"
        up_att = "N/A" if "N/A" in (up_rx, up_tx) else f"{onu.tx_dbm - onu.olt_rx_dbm:.3f}(dB)"  # type: ignore[operator]
        down_att = "N/A" if down_rx == "N/A" else f"{olt_tx - onu.rx_dbm:.3f}(dB)"  # type: ignore[operator]
        return [
            "           OLT                  ONU              Attenuation",
            "--------------------------------------------------------------------------",
            f" up      Rx :{up_rx:<18}Tx:{up_tx:<18}{up_att}",
            "",
            f" down    Tx :{olt_tx:.3f}(dbm){'':<8}Rx:{down_rx:<18}{down_att}",
        ]

    def power_list(self, pon: PonRef, name: str) -> list[str]:
        onus = self.port_onus(pon)
        if not onus:
            return ["%Code 62310-GPONSRV : No related information to show."]
        title = "Tx power" if name == "tx_dbm" else "Rx power"
        lines = [f"Onu                 {title}", "-------------------------------------"]
        lines += [f"{self.onu_name(o.onu):<20}{self.number(o, name)}" for o in onus]
        return lines

    def olt_config(self, pon: PonRef) -> list[str]:
        lines = ["Building configuration...", f"interface {self.olt_prefix}{pon}", "  no shutdown", "  linktrap disable"]
        for o in self.port_onus(pon):
            serial = o.serial[:4].decode() + o.serial[4:].hex().upper()
            lines.append(f"  onu {o.onu.onu_id} type ZTE-F660 sn {serial}")
        return lines + ["!", "end"]

    def running_config(self) -> list[str]:
        lines = ["Building configuration...", f"hostname {self.hostname}", "!"]
        for pon in self.pons:
            lines += self.olt_config(pon)[1:-1]
        for o in self.onus.values():
            lines += [
                f"interface {self.onu_name(o.onu)}",
                f"  name {o.description}",
                f"  description {o.description}",
                "  tcont 1 profile 100M",
                "  gemport 1 tcont 1",
                "!",
            ]
        return lines + ["end"]

    def by_sn(self, text: str) -> list[str]:
        for o in self.onus.values():
            serial = o.serial[:4].decode() + o.serial[4:].hex().upper()
            if serial.lower() == text.lower():
                return ["SearchResult", "-----------------", self.onu_name(o.onu)]
        return ["%Code 62310-GPONSRV : No related information to show."]


class ZteC600(Zte):
    onu_prefix = "gpon_onu-"
    olt_prefix = "gpon_olt-"

    def banner(self) -> list[str]:
        return ["", "  Welcome to ZXA10 C600 of ZTE Corporation", ""]


def make_device(olt: LabOlt, faults) -> Device:
    kinds = {"huawei_ma5800": Huawei, "zte_c300": Zte, "zte_c600": ZteC600}
    return kinds[olt.profile](olt, faults)


# -- recorded sessions ---------------------------------------------------------------------------


class Recording:
    """A recorded CLI session: published outputs of one OLT, by command (and Huawei board mode).

    The file is YAML (`tests/data/cli/<profile>/*.yaml` describes the layout): `vendor`, an
    optional `hostname`, and `commands`, each `{command, output, mode}` where `mode` is
    `interface F/S` for outputs given inside a Huawei board's mode. Other keys (`sources`,
    `expect`) are for the reader of the file and the tests.
    """

    def __init__(self, path: str) -> None:
        import yaml

        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        self.vendor: str = data["vendor"]
        self.hostname: str | None = data.get("hostname")
        self.outputs: dict[tuple[str | None, str], list[str]] = {}
        for item in data["commands"]:
            key = (item.get("mode"), " ".join(item["command"].split()).lower())
            self.outputs[key] = item["output"].rstrip("\n").split("\n")

    def output(self, mode: str | None, command: str) -> list[str] | None:
        return self.outputs.get((mode, " ".join(command.split()).lower()))


class ReplayHuawei(Huawei):
    """A SmartAX CLI (prompts, pager, smart prompt, modes) answering from a recording."""

    def __init__(self, recording: Recording, faults) -> None:
        super().__init__(None, faults)
        self.recording = recording
        self.hostname = recording.hostname or self.hostname

    def boards(self) -> set[tuple[int, int]]:
        found = set()
        for mode, _ in self.recording.outputs:
            if mode and (match := re.fullmatch(r"interface (\d+)/(\d+)", mode)):
                found.add((int(match.group(1)), int(match.group(2))))
        return found

    def display_lines(self, words: list[str]) -> list[str] | None:
        mode = f"interface {self.interface[0]}/{self.interface[1]}" if self.mode == "interface" else None
        return self.recording.output(mode, "display " + " ".join(words))


class ReplayZte(Zte):
    """A ZXAN CLI answering from a recording (C300/C320 and C600 differ only in what was recorded)."""

    def __init__(self, recording: Recording, faults) -> None:
        super().__init__(None, faults)
        self.recording = recording
        self.hostname = recording.hostname or self.hostname

    def show(self, words: list[str]) -> list[str] | None:
        return self.recording.output(None, "show " + " ".join(words))


def make_replay(recording: Recording, faults) -> Device:
    kinds = {"huawei": ReplayHuawei, "zte": ReplayZte}
    return kinds[recording.vendor](recording, faults)
