"""CLI parsers on recorded output: real-device samples from ntc-templates (see data/README.md),
published ZTE output shapes, and the pager/escape/alarm debris a live session adds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netops.olt import cli_parsers as p

DATA = Path(__file__).parent / "data"


def raw(name: str) -> str:
    return (DATA / name).read_text()


# -- Huawei, real-device samples --------------------------------------------------------------


def test_optical_table_real_sample():
    rows = p.huawei_optical_table(raw("huawei_display_ont_optical-info_0_all.raw"))
    assert len(rows) == 10
    assert rows[0] == {"onu_id": 0, "rx_dbm": -24.68, "tx_dbm": 3.68, "olt_rx_dbm": -22.68, "temperature_c": 38.0,
                       "distance_m": 171.0}
    assert rows[9] == {"onu_id": 9, "rx_dbm": -24.43, "tx_dbm": 3.72, "olt_rx_dbm": -23.77, "temperature_c": 38.0,
                       "distance_m": 170.0}


def test_optical_table_agrees_with_ntc_template():
    """Our parser and ntc-templates' TextFSM template read the same sample the same way."""
    import ntc_templates
    import textfsm

    template = Path(ntc_templates.__file__).parent / "templates" / "huawei_smartax_display_ont_optical-info_0_all.textfsm"
    with open(template) as handle:
        fsm = textfsm.TextFSM(handle)
    records = [dict(zip(fsm.header, row)) for row in fsm.ParseText(raw("huawei_display_ont_optical-info_0_all.raw"))]
    ours = p.huawei_optical_table(raw("huawei_display_ont_optical-info_0_all.raw"))
    assert [(int(r["ONT_ID"]), float(r["RX_POWER"]), float(r["OLT_RX_ONT"])) for r in records] == [
        (r["onu_id"], r["rx_dbm"], r["olt_rx_dbm"]) for r in ours
    ]


def test_summary_real_sample_online_and_offline():
    rows = {r["onu_id"]: r for r in p.huawei_ont_summary(raw("huawei_display_ont_info_summary_3.raw"))}
    assert rows[0]["state"] == "online" and rows[0]["rx_dbm"] == -22.84 and rows[0]["tx_dbm"] == 2.12
    assert rows[0]["down_cause"] == "-" and rows[0]["description"] == "P612E"
    assert rows[1]["state"] == "offline" and rows[1]["down_cause"] == "LOSi/LOBi"
    assert rows[1]["rx_dbm"] is None and rows[1]["tx_dbm"] is None  # "-/-" = no reading
    assert p.normalize_cause(rows[1]["down_cause"]) == "losi_lobi"


def test_ont_info_real_sample():
    (row,) = p.huawei_ont_info(raw("huawei_display_ont_info_0_0_6_2.raw"))
    assert row["onu"] == "0/0/6:2"  # "0/ 0/6" is space padded on the device
    assert row["state"] == "online"
    assert row["description"] == "New_link"
    assert p.normalize_cause(row["down_cause"]) == "dying_gasp"
    assert row["serial"] == "8XN7J0FFL8NL6I3W"


def test_ont_list_real_sample():
    rows = {r["onu"]: r for r in p.huawei_ont_list(raw("huawei_display_ont_info_list_fsp_3.raw"))}
    assert len(rows) == 14
    assert rows["0/0/0:2"] == {
        "onu": "0/0/0:2", "serial": "0LZ7H0PCJOH4UGCH", "state": "online",
        "description": "The tender handmaiden places.",
    }
    assert "state" not in rows["0/0/0:4"]  # "-" run state (protect side)
    assert rows["0/0/0:13"]["description"] == "The precious penny touches."


def device_text(name: str) -> str:
    """A data file without its `# ` source header: the device's text alone."""
    return "\n".join(line for line in raw(name).splitlines() if not line.startswith("# ")) + "\n"


# `display ont info summary`, worked out by hand from each raw's text (one row per ONT:
# both tables joined). Layouts differ in: multi-word down causes, `-` rows, ids from 1, day-first
# dates, two ports in one answer, no closing dashed line, and (derived files) reordered columns.

SUMMARY_3 = [
    {"onu_id": 0, "onu": "0/1/0:0", "state": "online", "last_up": dt.datetime(2000, 1, 1), "last_down": None,
     "down_cause": "-", "serial": "AAAAAAAAAAAAAAAA", "distance_m": 42.0, "rx_dbm": -22.84, "tx_dbm": 2.12,
     "description": "P612E"},
    {"onu_id": 1, "onu": "0/1/0:1", "state": "offline", "last_up": dt.datetime(2000, 1, 1),
     "last_down": dt.datetime(2000, 1, 1), "down_cause": "LOSi/LOBi", "serial": "AAAAAAAAAAAAAAAA",
     "distance_m": None, "rx_dbm": None, "tx_dbm": None, "description": "P871E"},
]


def test_summary_real_sample_every_field():
    assert p.huawei_ont_summary(raw("huawei_display_ont_info_summary_3.raw")) == SUMMARY_3


def test_summary_reordered_columns_read_the_same():
    """Both tables' columns reordered, `ONT / ID` renamed `ONT-ID`, Type dropped (derived file)."""
    assert p.huawei_ont_summary(raw("huawei_display_ont_info_summary_3_reordered.raw")) == SUMMARY_3


def test_summary_without_level_columns_gives_no_levels():
    """A header without `Rx/Tx power` gives no Rx/Tx at all (not None: nothing was printed), and
    the other columns still land in the right fields."""
    rows = p.huawei_ont_summary(raw("huawei_display_ont_info_summary_3_no_levels.raw"))
    assert rows == [{k: v for k, v in row.items() if k not in ("rx_dbm", "tx_dbm")} for row in SUMMARY_3]


def test_summary_multi_word_down_cause():
    rows = {r["onu_id"]: r for r in p.huawei_ont_summary(raw("huawei_display_ont_info_summary_1.raw"))}
    assert sorted(rows) == list(range(23))
    assert rows[18]["down_cause"] == "ONT is reset by ONT comma"  # the last column takes the rest
    assert rows[18]["state"] == "online" and rows[18]["last_down"] == dt.datetime(2000, 1, 1)
    assert rows[22] == {
        "onu_id": 22, "onu": "0/1/0:22", "state": "online", "last_up": dt.datetime(2000, 1, 1),
        "last_down": dt.datetime(2000, 1, 1), "down_cause": "LOSi/LOBi", "serial": "1234567890ABCDEF",
        "distance_m": 100.0, "rx_dbm": -10.12, "tx_dbm": 2.03, "description": "AB12",
    }


def test_summary_offline_row_of_dashes_and_an_ambiguous_date():
    rows = {r["onu_id"]: r for r in p.huawei_ont_summary(raw("huawei_display_ont_info_summary_4.raw"))}
    assert len(rows) == 37
    assert rows[27] == {
        "onu_id": 27, "onu": "0/1/0:27", "state": "offline", "last_up": None, "last_down": None,
        "down_cause": "-", "serial": "AAAAAAAAAAAAAAAA", "distance_m": None, "rx_dbm": None, "tx_dbm": None,
        "description": "AAAA",
    }
    assert rows[1]["last_up"] is None  # 05/09/2000: May or September? Not guessed
    assert rows[1]["last_down"] == dt.datetime(2000, 1, 1, 1, 1, 1) and rows[1]["rx_dbm"] == -10.0


def test_summary_two_ports_in_one_answer_are_never_mixed():
    """Each port has an ONT 0: the rows say which port they are on, and keep their own values."""
    rows = {r["onu"]: r for r in p.huawei_ont_summary(raw("huawei_display_ont_info_summary_5.raw"))}
    assert sorted(rows) == ["0/2/11:0", "0/2/12:0"]
    assert (rows["0/2/11:0"]["serial"], rows["0/2/11:0"]["description"]) == ("1234567890ABCDEF", "huawei_ont_0")
    assert rows["0/2/11:0"]["last_up"] == dt.datetime(2000, 1, 6, 7, 43, 46)
    assert (rows["0/2/12:0"]["serial"], rows["0/2/12:0"]["description"]) == ("AAAAAAAAAAAAAAAA", "huawei_ont_1")
    assert rows["0/2/12:0"]["last_up"] == dt.datetime(2000, 1, 6, 7, 44, 46)


def test_summary_real_serials_without_a_closing_line():
    rows = {r["onu_id"]: r for r in p.huawei_ont_summary(raw("huawei_display_ont_info_summary_0_1_1.raw"))}
    assert sorted(rows) == [0, 1, 2, 3, 4]
    assert rows[1] == {
        "onu_id": 1, "onu": "0/1/1:1", "state": "offline", "last_up": None, "last_down": None, "down_cause": "-",
        "serial": "48575443E768B671", "distance_m": None, "rx_dbm": None, "tx_dbm": None,
        "description": "POR40/1_kv14_TushevaL",
    }
    assert rows[4] == {
        "onu_id": 4, "onu": "0/1/1:4", "state": "online", "last_up": dt.datetime(2023, 7, 15, 4, 11, 58),
        "last_down": dt.datetime(2023, 7, 15, 3, 50, 13), "down_cause": "dying-gasp", "serial": "485754438A8F3345",
        "distance_m": 2170.0, "rx_dbm": -22.52, "tx_dbm": 2.42, "description": "POR40/11_kv48_Kondyak",
    }


def test_summary_day_first_dates_and_the_prompt_line():
    rows = {r["onu_id"]: r for r in p.huawei_ont_summary(raw("huawei_display_ont_info_summary_0_3_10.raw"))}
    assert sorted(rows) == [0, 1, 2, 3, 4]
    assert rows[0]["last_up"] == dt.datetime(2023, 9, 28, 15, 43, 18)  # 28/09/2023: day first
    assert rows[0]["last_down"] == dt.datetime(2023, 9, 28, 15, 42, 18)
    assert (rows[1]["rx_dbm"], rows[1]["tx_dbm"], rows[1]["distance_m"]) == (-26.99, 2.2, 2982.0)
    assert rows[4]["description"] == "michelecristianesilve" and rows[4]["serial"] == "4857544342382B4E"


def test_summary_ids_from_one():
    rows = p.huawei_ont_summary(raw("huawei_display_ont_info_summary_0_0_0.raw"))
    assert [r["onu"] for r in rows] == ["0/0/0:1", "0/0/0:2", "0/0/0:3", "0/0/0:4", "0/0/0:5"]
    assert rows[4] == {
        "onu_id": 5, "onu": "0/0/0:5", "state": "online", "last_up": dt.datetime(2019, 7, 17, 13, 24, 10),
        "last_down": dt.datetime(2019, 7, 17, 9, 56, 14), "down_cause": "dying-gasp", "serial": "485754432EC97A9C",
        "distance_m": 74.0, "rx_dbm": -15.95, "tx_dbm": 1.86, "description": "LG-MB1-RISER-ONT05",
    }


# `display ont info <F> all`, worked out by hand from huawei_display_ont_info_list_fsp_3.raw.
LIST_3 = [
    ("0/0/0:0", "F6JO2SI8TTKDYDRC", "offline", "The quiet rifle stinks."),
    ("0/0/0:1", "R2PQNML2L0SI92ZN", "offline", "The barbarous take-out rolls."),
    ("0/0/0:2", "0LZ7H0PCJOH4UGCH", "online", "The tender handmaiden places."),
    ("0/0/0:3", "NRDJVRAI8Z3V4I4W", "offline", "The husky elongation types."),
    ("0/0/0:4", "PVDWI3METQ3PRRLV", None, "The wise emanate snows."),  # run state `-`
    ("0/0/0:5", "MLA9MZJ0281C0XLK", "online", "The stereotyped eddy analyzes."),
    ("0/0/0:6", "MU94N3374BXT31PC", "online", "The painful pancreas presents."),
    ("0/0/0:7", "3MBM04QWXCCENRGH", "online", "The unadvised gopher keeps."),
    ("0/0/0:8", "9KYC0LNT1AWTMFRP", "online", "The threatening media keeps."),
    ("0/0/0:9", "1SY4IU9PRO1G00N7", "online", "The possessive beetle memorizes."),
    ("0/0/0:10", "CT0VHHH2FDI2UQLX", "offline", "The cautious hand-holding zips."),
    ("0/0/0:11", "PT8P24IDSRLOGMHS", "offline", "The shaggy parsnip informs."),
    ("0/0/0:12", "A5N97LH1IWH4YG96", "online", "The alluring rank slinks."),
    ("0/0/0:13", "X8ZIIV5P0F6XJJQD", "online", "The precious penny touches."),
]


def listed(rows: list[dict]) -> list[tuple]:
    return [(r["onu"], r.get("serial"), r.get("state"), r.get("description")) for r in rows]


@pytest.mark.parametrize("name", ["huawei_display_ont_info_list_fsp_3.raw", "huawei_display_ont_info_list_fsp_3_reordered.raw"])
def test_ont_list_by_header(name):
    """The real layout, and the same values with both tables' columns reordered and `Control
    flag` renamed `Ctrl flag` (derived file): the same rows."""
    assert listed(p.huawei_ont_list(raw(name))) == LIST_3


def test_ont_list_two_line_description_header():
    """`F/S/P  ONT  Description` over `ID`: the description table's id is `ONT ID` too."""
    rows = p.huawei_ont_list(raw("huawei_display_ont_info_list_fsp.raw"))
    assert listed(rows) == [(f"0/1/0:{i}", "1234567890ABCDEF", "online", "Generic_description") for i in range(31)]


def test_ont_list_configuring_flag_one_space_from_the_run_state():
    rows = {r["onu"]: r for r in p.huawei_ont_list(raw("huawei_display_ont_info_list_fsp_2.raw"))}
    assert len(rows) == 16
    assert rows["0/2/0:1"] == {"onu": "0/2/0:1", "serial": "PBFGXVIPMQZN0E1T", "state": "online",
                               "description": "The fretful sweatshop promotes."}
    assert rows["0/2/0:15"] == {"onu": "0/2/0:15", "serial": "1OJNON01PVSX1ZV3", "state": "offline",
                                "description": "The acrid shallot extends."}


def test_ont_list_two_ports():
    assert listed(p.huawei_ont_list(raw("huawei_display_ont_info_list_fsp_4.raw"))) == [
        ("0/1/0:0", "46VBSM4LFW7QLGAV", "online", "The boiling consignment budgets."),
        ("0/1/2:0", "1234567890ABCDEF", "online", "ONT_NO_DESCRIPTION"),
    ]


def test_ont_list_description_wrapped_onto_a_second_line():
    """A long description the OLT wrapped under its column is joined, and the prompt after the
    table is no row."""
    assert listed(p.huawei_ont_list(raw("huawei_display_ont_info_list_wrapped.raw"))) == [
        ("0/0/13:11", "4857544315F5B806", "online", "Magda Angelica Pizarro La chira_zone_Zone 1_authd_20251202"),
    ]


NTC_SAMPLES = [
    ("display ont info summary 0/1/0", "huawei_display_ont_info_summary_1.raw"),
    ("display ont info summary 0/1/0", "huawei_display_ont_info_summary_3.raw"),
    ("display ont info summary 0/1/0", "huawei_display_ont_info_summary_4.raw"),
    ("display ont info summary 0/2/11", "huawei_display_ont_info_summary_5.raw"),
    ("display ont info summary 0/1/1", "huawei_display_ont_info_summary_0_1_1.raw"),
    ("display ont info 0 all", "huawei_display_ont_info_list_fsp.raw"),
    ("display ont info 0 all", "huawei_display_ont_info_list_fsp_2.raw"),
    ("display ont info 0 all", "huawei_display_ont_info_list_fsp_3.raw"),
    ("display ont info 0 all", "huawei_display_ont_info_list_fsp_4.raw"),
]


@pytest.mark.parametrize("command,name", NTC_SAMPLES)
def test_tables_agree_with_ntc_templates(command, name):
    """ntc-templates' own templates for these commands read every published sample as we do."""
    from ntc_templates.parse import parse_output

    theirs = parse_output(platform="huawei_smartax", command=command, data=device_text(name))
    if "summary" in command:
        expected = sorted(
            (f"{r['port']}:{r['ont_id']}", r["run_state"], r["serial_number"], number_or_none(r["rx_power_dbm"]),
             number_or_none(r["tx_power_dbm"]), r["description"])
            for r in theirs
        )
        ours = p.huawei_ont_summary(raw(name))
        assert sorted((r["onu"], r["state"], r["serial"], r["rx_dbm"], r["tx_dbm"], r["description"]) for r in ours) == expected
    else:
        expected = sorted((f"{p._fsp(r['fsp'])}:{r['ont_id']}", r["serial_number"], r["run_state"] or None,
                           r["description"]) for r in theirs)
        assert sorted(listed(p.huawei_ont_list(raw(name)))) == expected


def number_or_none(text: str) -> float | None:
    return float(text) if text else None


@pytest.mark.parametrize("command,name", [
    ("display ont info summary 0/1/0", "huawei_display_ont_info_summary_3_reordered.raw"),
    ("display ont info 0 all", "huawei_display_ont_info_list_fsp_3_reordered.raw"),
])
def test_word_position_templates_cannot_read_reordered_columns(command, name):
    """Why these tables are read by header: a template that expects the columns in one order
    (ntc-templates', as the old parsers here) refuses the reordered layouts ours read above."""
    import textfsm
    from ntc_templates.parse import parse_output

    with pytest.raises(textfsm.TextFSMError):
        parse_output(platform="huawei_smartax", command=command, data=device_text(name))


# -- header_table on its own ------------------------------------------------------------------


def test_header_without_its_second_line_leaves_shared_names_out():
    """`Last  Last  Last` without `UpTime  DownTime  DownCause` under it: three columns named
    alike, none of them is given a value (a value from the wrong column would be worse)."""
    text = device_text("huawei_display_ont_info_summary_3.raw").replace(
        "  ID   State   UpTime              DownTime            DownCause\n", "")
    rows = p.header_table(text, "ONT")
    assert rows[0] == {"ont": "0", "run": "online"}
    rows = p.huawei_ont_summary(text)
    assert "last_up" not in rows[0] and "down_cause" not in rows[0] and "state" not in rows[0]
    assert rows[0]["rx_dbm"] == -22.84  # the ONT table's header is whole


def test_pager_in_front_of_a_header_keeps_its_columns_in_place():
    """The pager prompt erased (back 37, 37 blanks, back 37) right before a header line, as a
    live session prints it when a page ends there: the two header lines still line up."""
    text = device_text("huawei_display_ont_info_summary_3.raw").replace(
        "  ONT        SN ", "---- More ( Press 'Q' to break ) ----\x1b[37D" + " " * 37 + "\x1b[37D  ONT        SN ")
    assert p.huawei_ont_summary(text) == SUMMARY_3


def test_header_table_keys_are_the_merged_column_names():
    rows = p.header_table(raw("huawei_display_ont_info_summary_3.raw"), "ONT")
    assert list(rows[0]) == ["ont id", "run state", "last uptime", "last downtime", "last downcause"]
    assert list(rows[2]) == ["ont id", "sn", "type", "distance", "rx tx power", "description"]
    assert rows[1]["last uptime"] == "1/1/2000 00:00:00"  # a date with its time is one value
    rows = p.header_table(raw("huawei_display_ont_info_list_fsp_3.raw"), "F/S/P")
    assert list(rows[0]) == ["f s p", "ont id", "sn", "control flag", "run state", "config state", "match state",
                             "protect side"]
    assert rows[0]["f s p"] == "0/ 0/0"  # a padded F/S/P is one value


def test_ont_optical_key_values_with_missing_values():
    text = """  -----------------------------------------------------------------------------
  ONU NNI port ID                        : 0
  Module type                            : GPON
  Rx optical power(dBm)                  : -28.54
  Rx power current warning threshold(dBm): [-,-]
  Rx power current alarm threshold(dBm)  : [-29.0,-7.0]
  Tx optical power(dBm)                  : 1.98
  Laser bias current(mA)                 : 6
  Temperature(C)                         : 41
  OLT Rx ONT optical power(dBm)          : -
  CATV Rx optical power(dBm)             : -
  -----------------------------------------------------------------------------
"""
    (row,) = p.huawei_ont_optical(text)
    assert row == {"rx_dbm": -28.54, "tx_dbm": 1.98, "olt_rx_dbm": None, "temperature_c": 41.0}


def test_pager_erase_codes_and_alarm_blocks_are_removed():
    page = (
        "  ONT  Rx power  Tx power  OLT Rx ONT  Temperature  Voltage  Current  Distance\n"
        "  ID   (dBm)     (dBm)     power(dBm)  (C)          (V)      (mA)     (m)\n"
        "    0  -24.68    3.68      -22.68      38           3.200    6        171\n"
        "---- More ( Press 'Q' to break ) ----\x1b[37D                                     \x1b[37D"
        "    1  -24.68    3.86      -23.02      31           3.220    8        170\n"
        "! 1 2026-11-21 10:00:00+00:00 ALARM 1234 FAULT MAJOR 0x2e112005 GPON ONT LOS\n"
        "  FrameID: 0, SlotID: 1, PortID: 0, ONT ID: 7\n"
        "--- END\n"
        "    2  -25.68    3.62      -23.77      32           3.200    8        170\n"
        "{ <cr>||<K> }:"
    )
    rows = p.huawei_optical_table(page)
    assert [r["onu_id"] for r in rows] == [0, 1, 2]
    assert "More" not in p.clean(page) and "\x1b" not in p.clean(page) and "ALARM" not in p.clean(page)


def test_zte_pager_backspaces():
    text = "gpon-onu_1/1/1:1    -20.172(dbm)\n --More--\x08\x08\x08\x08\x08\x08\x08\x08\x08         \x08\x08\x08\x08\x08\x08\x08\x08\x08gpon-onu_1/1/1:2    N/A\n"
    assert p.zte_power_list(text, "rx_dbm") == [
        {"onu": "1/1/1:1", "rx_dbm": -20.172},
        {"onu": "1/1/1:2", "rx_dbm": None},
    ]


# -- ZTE, published output shapes ---------------------------------------------------------------

ATTENUATION = """           OLT                  ONU              Attenuation
--------------------------------------------------------------------------
 up      Rx :-20.241(dbm)      Tx:2.423(dbm)        22.664(dB)

 down    Tx :5.369(dbm)        Rx:-16.676(dbm)      22.045(dB)
"""


def test_zte_attenuation():
    assert p.zte_attenuation(ATTENUATION) == [{"olt_rx_dbm": -20.241, "tx_dbm": 2.423, "rx_dbm": -16.676}]


def test_zte_attenuation_without_light():
    text = ATTENUATION.replace(":-20.241(dbm)", ":no signal").replace("Rx:-16.676(dbm)", "Rx:N/A")
    assert p.zte_attenuation(text) == [{"olt_rx_dbm": None, "tx_dbm": 2.423, "rx_dbm": None}]


def test_zte_onu_state_skips_the_footer():
    text = """OnuIndex   Admin State  OMCC State  Phase State  Channel
--------------------------------------------------------------
1/1/1:1    enable       enable      working      1(GPON)
1/1/1:2    enable       disable     LOS          1(GPON)
1/1/1:3    enable       disable     DyingGasp    1(GPON)
1/1/1:4    enable       disable     OffLine      1(GPON)
ONU Number: 1/4
"""
    rows = p.zte_onu_state(text)
    assert [r["phase"] for r in rows] == ["working", "LOS", "DyingGasp", "OffLine"]
    assert len(rows) == 4  # "ONU Number: 1/4" is not an ONU


def test_zte_c600_names():
    assert p.zte_power_list("gpon_onu-1/2/5:4    -21.000(dbm)\n", "olt_rx_dbm") == [{"onu": "1/2/5:4", "olt_rx_dbm": -21.0}]
    assert p.zte_by_sn("SearchResult\n-----------------\ngpon_onu-1/2/5:4\n") == [{"onu": "1/2/5:4"}]


def test_zte_running_config():
    text = """Building configuration...
interface gpon-olt_1/2/1
  no shutdown
  onu 1 type ZTE-F660 sn ZTEGC0A1B2C3
  onu 2 type ZTE-F601 sn ZTEGC0A1B2C4
!
interface gpon-onu_1/2/1:1
  name Maria Silva
  description rua 7 casa 2
  tcont 1 profile 100M
!
interface gpon-onu_1/2/1:2
  name Joao
!
end
"""
    rows = {r["onu"]: r for r in p.zte_running_config(text)}
    assert rows["1/2/1:1"] == {"onu": "1/2/1:1", "serial": "ZTEGC0A1B2C3", "name": "Maria Silva", "description": "rua 7 casa 2"}
    assert rows["1/2/1:2"] == {"onu": "1/2/1:2", "serial": "ZTEGC0A1B2C4", "name": "Joao"}


def test_zte_detail_info_last_down_cause():
    text = """ONU interface:          gpon-onu_1/2/1:3
Name:                   ONU-1:3
Type:                   ZTE-F660
Phase state:            LOS
Serial number:          ZTEGC0A1B2C3
Description:            rua 7
ONU Distance:           N/A
--------------------------------------------
       Authpass Time          OfflineTime             Cause
   1   2019-07-26 12:34:56    2019-07-27 01:02:03     DyingGasp
   2   2019-07-27 08:00:00    2019-07-28 09:10:11     LOS
"""
    (row,) = p.zte_detail_info(text)
    assert row["onu"] == "1/2/1:3" and row["serial"] == "ZTEGC0A1B2C3" and row["description"] == "rua 7"
    assert row["phase"] == "LOS" and p.normalize_cause(row["down_cause"]) == "los"


@pytest.mark.parametrize(
    "text,name",
    [("dying-gasp", "dying_gasp"), ("DyingGasp", "dying_gasp"), ("LOS", "los"), ("LOSi/LOBi", "losi_lobi"),
     ("-", None), ("", None), (None, None)],
)
def test_normalize_cause(text, name):
    assert p.normalize_cause(text) == name


@pytest.mark.parametrize("text", ["-", "N/A", "no signal", "--", "abc", ""])
def test_numbers_that_mean_no_reading(text):
    assert p.number(text) is None


def test_every_profile_names_known_parsers():
    from netops.olt.profile import OltProfile
    from netops.profiles import load_profile

    for profile_id in ("huawei_ma5800", "zte_c300", "zte_c600"):
        profile = load_profile("olt", profile_id, OltProfile)
        assert profile.cli is not None
        for command in [*profile.cli.onu, *profile.cli.port, *profile.cli.discover, profile.cli.serial]:
            assert command.parser in p.PARSERS


@pytest.mark.parametrize(
    "profile_id,text,expected",
    [
        ("huawei_ma5800", "  Failure: The ONT is not online\n", "offline"),
        ("huawei_ma5800", "  Failure: The ONT does not exist\n", "not_found"),
        ("huawei_ma5800", "  Failure: The required ONT does not exist\n", "not_found"),
        ("huawei_ma5800", "                 ^\n  % Parameter error, the error locates at '^'\n", "refused"),  # a refused form: the alternative is tried
        ("huawei_ma5800", "  Failure: The board does not exist\n", "not_found"),
        ("huawei_ma5800", "                  ^\n  % Unknown command, the error locates at '^'\n", "refused"),
        ("huawei_ma5800", "  Failure: System is busy, please retry after a while\n", "refused"),
        ("zte_c300", "%Code 62310-GPONSRV : No related information to show.\n", "not_found"),
        ("zte_c300", "%Error 20205: Invalid interface name.\n", "not_found"),
        ("zte_c300", "%Code 62311-GPONSRV : The ONU is not online.\n", "offline"),
        ("zte_c300", "%Error 20203: Invalid input detected at '^' marker.\n", "refused"),
        ("zte_c600", "%Code 32310-GPONSRV : ONU does not exist.\n", "not_found"),
        ("zte_c600", "gpon_onu-1/1/1:1    -20.172(dbm)\n", None),
    ],
)
def test_device_messages(profile_id, text, expected):
    """The profile's message patterns turn device refusals into statuses and errors."""
    from netops.errors import NotFound, ProtocolError
    from netops.olt.cli_reader import CliOltReader
    from netops.olt.profile import OltProfile
    from netops.profiles import load_profile

    reader = CliOltReader("olt-x", load_profile("olt", profile_id, OltProfile), factory=lambda: None)
    try:
        outcome = reader._check(text, "cmd", "ONU 1/1/1:1")
    except NotFound:
        outcome = "not_found"
    except ProtocolError:
        outcome = "refused"
    assert outcome == expected


NTC_OPTICAL = "huawei_smartax_display_ont_optical-info_0_all.textfsm"
NTC_FIELDS = ("ONT_ID=onu_id,RX_POWER=rx_dbm,TX_POWER=tx_dbm,OLT_RX_ONT=olt_rx_dbm,TEMPERATURE=temperature_c,"
              "DISTANCE=distance_m")


def test_textfsm_parser_from_a_profile_reads_the_real_sample():
    """A profile may name a TextFSM template instead of a parser function (`parser: textfsm`)."""
    rows = p.textfsm_table(raw("huawei_display_ont_optical-info_0_all.raw"), NTC_OPTICAL, NTC_FIELDS)
    assert rows == p.huawei_optical_table(raw("huawei_display_ont_optical-info_0_all.raw"))


def test_ntc_optical_template_rejects_rows_without_readings():
    """Why the built-in profile uses its own parser for this table: an ONT whose readings are `-`
    (no value) makes ntc-templates' template stop with an error, while ours marks it unreadable."""
    import textfsm

    text = raw("huawei_display_ont_optical-info_0_all.raw").replace(
        "    9  -24.43    3.72      -23.77      38  ", "    9  -         -         -           -   "
    )
    with pytest.raises(textfsm.TextFSMError):
        p.textfsm_table(text, NTC_OPTICAL, NTC_FIELDS)
    assert p.huawei_optical_table(text)[9] == {
        "onu_id": 9, "rx_dbm": None, "tx_dbm": None, "olt_rx_dbm": None, "temperature_c": None, "distance_m": 170.0,
    }


# -- distance, up/down times and uptime, as the published outputs print them ---------------------


def test_huawei_ont_info_details_real_sample():
    row = p.huawei_ont_info(raw("huawei_display_ont_info_0_0_6_2.raw"))[0]
    assert row["distance_m"] == 47.0 and row["uptime_s"] == 180  # 0 day(s), 0 hour(s), 3 minute(s), 0 second(s)
    assert row["last_up"].isoformat() == "2023-01-05T08:56:12+08:00"
    assert row["last_down"].isoformat() == "2023-01-05T08:55:28+08:00"


def test_huawei_summary_times_and_distance_real_sample():
    rows = {r["onu_id"]: r for r in p.huawei_ont_summary(raw("huawei_display_ont_info_summary_3.raw"))}
    assert (rows[0]["distance_m"], rows[1]["distance_m"]) == (42.0, None)  # `-` for the offline ONT
    assert rows[0]["last_up"].isoformat() == "2000-01-01T00:00:00" and rows[0]["last_down"] is None
    assert rows[1]["last_down"].isoformat() == "2000-01-01T00:00:00"


@pytest.mark.parametrize("text,expected", [
    ("2023-01-05 08:56:12+08:00", "2023-01-05T08:56:12+08:00"),
    ("2022-09-05 14:04:42", "2022-09-05T14:04:42"),
    ("2022-09-05 14:04:42-03:00", "2022-09-05T14:04:42-03:00"),
    ("1/1/2000 00:00:00", "2000-01-01T00:00:00"),
    ("25/12/2021 10:00:00", "2021-12-25T10:00:00"),
    ("12/25/2021 10:00:00", "2021-12-25T10:00:00"),
    ("3/4/2021 10:00:00", None),  # March or April: never guessed
    ("0000-00-00 00:00:00", None),
    ("2023-02-30 10:00:00", None),
    ("-", None),
    ("N/A", None),
])
def test_device_times(text, expected):
    value = p.device_time(text)
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize("text,expected", [
    ("0 day(s), 0 hour(s), 3 minute(s), 0 second(s)", 180),
    ("2 day(s), 1 hour(s), 0 minute(s), 5 second(s)", 176405),
    ("34h 45m 21s", 125121),
    ("0h 0m 0s", 0),
    ("-", None),
    ("N/A", None),
    ("", None),
])
def test_durations(text, expected):
    assert p.duration(text) == expected


def test_zte_history_newest_times_win_wherever_they_are():
    text = """Phase state:          working
------------------------------------------
       Authpass Time          OfflineTime             Cause
   1   2023-03-01 10:00:00    2023-03-02 11:00:00     LOS
   2   2023-01-01 10:00:00    2023-01-02 11:00:00     DyingGasp
   3   2023-03-03 09:00:00    0000-00-00 00:00:00
"""
    row = p.zte_detail_info(text)[0]
    assert row["last_up"].isoformat() == "2023-03-03T09:00:00"
    assert (row["last_down"].isoformat(), row["down_cause"]) == ("2023-03-02T11:00:00", "LOS")
