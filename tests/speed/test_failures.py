"""Every way a speed test can fail is one line on stderr and exit code 3, nothing on stdout."""

from __future__ import annotations

import subprocess

import pytest

SHORT = ("--duration", "2", "--warmup", "1")


def one_line_error(result, *words: str) -> str:
    assert result.code == 3, (result.code, result.out, result.err)
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("netops: error: "), result.err
    assert "Traceback" not in result.err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# --- bad input: refused before any traffic (in-process CLI) ------------------------------------
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--plan", "Turbo9000"), ("unknown plan 'Turbo9000'", "100M")),
        (("--plan-down", "0"), ("--plan-down must be a positive speed",)),
        (("--plan-down", "-50"), ("--plan-down must be a positive speed",)),
        (("--plan-down", "100", "--plan-up", "0"), ("--plan-up must be a positive speed",)),
        (("--plan-up", "50"), ("--plan-up needs --plan-down",)),
        (("--plan", "100M", "--plan-down", "100"), ("not both",)),
        (("--streams", "0", "--server", "http://127.0.0.1:9/"), ("--streams must be between",)),
        (("--engine", "fast", "--server", "127.0.0.1"), ("'fast' is not one of",)),
        (("--engine", "iperf3", "--server", "http://127.0.0.1:5201/"), ("needs HOST[:PORT]",)),
        (("--server", "ftp://127.0.0.1/x"), ("bad server URL",)),
        (("--server", "127.0.0.1:99999"), ("bad port",)),
        (("--plan-down", "inf"), ("--plan-down must be a positive speed",)),
        (("--plan-down", "100", "--plan-up", "inf"), ("--plan-up must be a positive speed",)),
        (("--server", "http://127.0.0.1:0/"), ("bad server URL", "bad port")),
        (("--server", "127.0.0.1:\u00b2"), ("bad port",)),  # isdigit() but not a port
        (("--server", "127.0.0.1:8080:1"), ("is not an IPv6 address",)),
        (("--server", "http://bad!host/"), ("neither an IP address nor a host name",)),
        (("--server", "http://127.0.0.1:9/speed test/"), ("bad server URL", "spaces")),
        (("--server", "http://127.0.0.1:9/x/\r\nX: y"), ("bad server URL", "control characters")),
        (("--engine", "iperf3", "--server", "-x"), ("neither an IP address nor a host name",)),
        (("--engine", "iperf3", "--server", "999.1.1.1"), ("neither an IP address",)),
        (("--server", "http://127.0.0.1:9/", "--timeout", "inf"), ("--timeout must be more",)),
        (("--server", "http://127.0.0.1:9/", "--duration", "0.001"), ("--duration must be",)),
        (("--server", "http://127.0.0.1:9/", "--duration", "1e9"), ("--duration must be",)),
    ],
)
def test_bad_input_is_one_line_exit_3(cli, args, words):
    one_line_error(cli("speed", "test", *args, "-o", "json"), *words)


@pytest.mark.parametrize("engine", ["speedtest", "iperf3"])
def test_empty_server_is_bad_input_not_the_default(cli, monkeypatch, engine):
    # Were the empty value taken for "no server", speedtest would ask the directory: point that
    # at a dead loopback port so a regression can never reach out.
    monkeypatch.setenv("NETOPS_SPEEDTEST_DIRECTORY", "http://127.0.0.1:9")
    result = cli("speed", "test", "--engine", engine, "--server", "", "-o", "json")
    one_line_error(result, "bad server ''")


def test_iperf3_engine_without_any_server_is_a_config_error(cli):
    one_line_error(cli("speed", "test", "--engine", "iperf3"), "no iperf3 server given")


# --- failures of servers on the shaped link ----------------------------------------------------
def test_speed_server_unreachable(link, port):
    url = f"http://{link.server_ip}:{port}/speedtest/upload.php"  # nothing listens there
    one_line_error(
        link.netops("speed", "test", "--server", url, *SHORT, "-o", "json"),
        f"{link.server_ip}:{port}",
        "refused the connection",
    )


def test_iperf3_server_unreachable(link, port):
    one_line_error(
        link.netops(
            "speed", "test", "--engine", "iperf3", "--server", f"{link.server_ip}:{port}", *SHORT
        ),
        "iperf3 server",
        "refused the connection",
    )


@pytest.mark.parametrize("status", [404, 500])
def test_directory_config_answering_an_error(link, port, status):
    link.http_server(port, "--fail", f"config={status}")
    result = link.netops(
        "speed",
        "test",
        *SHORT,
        "-o",
        "json",
        env={"NETOPS_SPEEDTEST_DIRECTORY": f"http://{link.server_ip}:{port}"},
    )
    one_line_error(result, f"answered HTTP {status}", "configuration")


def test_unknown_server_id_in_the_directory(link, lab_http):
    directory = lab_http.split("/speedtest/")[0]
    result = link.netops(
        "speed", "test", "--server", "999", *SHORT, env={"NETOPS_SPEEDTEST_DIRECTORY": directory}
    )
    one_line_error(result, "no server with id 999")


@pytest.mark.parametrize("status", [404, 500])
def test_upload_endpoint_answering_an_error(link, port, status):
    url = link.http_server(port, "--fail", f"upload={status}")
    one_line_error(
        link.netops("speed", "test", "--server", url, *SHORT, "-o", "json"),
        f"answered HTTP {status}",
        "upload.php",
    )


def test_server_stalling_mid_download_is_bounded_by_the_timeout(link, port):
    url = link.http_server(port, "--stall-after", "1000000")
    result = link.netops(
        "speed",
        "test",
        "--server",
        url,
        "--duration",
        "8",
        "--warmup",
        "1",
        "--timeout",
        "2",
        "--no-upload",
        "-o",
        "json",
    )
    one_line_error(result, "stopped moving data during the download", "nothing for 2 s")


def test_iperf3_program_missing(link, lab_iperf3):
    result = link.netops(
        "speed",
        "test",
        "--engine",
        "iperf3",
        "--server",
        lab_iperf3,
        *SHORT,
        env={"NETOPS_IPERF3": "iperf3-not-installed"},
    )
    one_line_error(result, "iperf3 program is not installed", "apt install iperf3")


def test_iperf3_server_busy_is_retried_then_reported(link, port):
    server = link.iperf3_server(port)
    # Another customer's test holds the server (slowly, so it does not load the link).
    holder = link.spawn(
        ["iperf3", "-c", link.server_ip, "-p", str(port), "-t", "30", "-b", "1M"], ns=link.client_ns
    )
    try:
        _wait_for_established(link, port)
        result = link.netops("speed", "test", "--engine", "iperf3", "--server", server, *SHORT)
        one_line_error(result, "is busy running another test", "tried 3 times")
    finally:
        link.stop(holder)


def _wait_for_established(link, port: int) -> None:
    import time

    for _ in range(100):
        out = subprocess.run(
            [
                "ip",
                "netns",
                "exec",
                link.server_ns,
                "ss",
                "-Htn",
                "state",
                "established",
                f"sport = :{port}",
            ],
            capture_output=True,
            text=True,
        ).stdout
        if len(out.strip().splitlines()) >= 2:  # control + data connections
            return
        time.sleep(0.05)
    raise RuntimeError("the holding iperf3 client did not start")


@pytest.mark.parametrize("engine", ["speedtest", "iperf3"])
def test_refused_ipv6_server_is_named_with_brackets(cli, engine):
    import socket

    with socket.socket(socket.AF_INET6) as sock:  # a port nothing listens on afterwards
        sock.bind(("::1", 0))
        port = sock.getsockname()[1]
    server = f"[::1]:{port}"
    result = cli("speed", "test", "--engine", engine, "--server", server, "--timeout", "3")
    one_line_error(result, f"server {server} refused the connection")
