"""CLI parsers on recorded output: real-device samples from ntc-templates (see data/README.md),
published ZTE output shapes, and the pager/escape/alarm debris a live session adds."""

from __future__ import annotations

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
