"""The command line as a whole: help, version, exit codes, the error funnel, start-up cost."""

import subprocess
import sys

from netops import __version__


def test_version(cli):
    result = cli("--version")
    assert result.code == 0 and result.out.strip() == f"netops {__version__}"


def test_help_documents_exit_codes(cli):
    result = cli("--help")
    assert result.code == 0
    assert "0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN" in " ".join(result.out.split())
    sub = cli("optical", "--help")
    assert "3 UNKNOWN" in " ".join(sub.out.split())


def test_usage_errors_exit_3_not_2(cli):
    result = cli("optical", "scan")
    assert result.code == 3
    assert result.err.startswith("netops: error:") and "OLT" in result.err
    bad = cli("optical", "scan", "x", "-o", "xml")
    assert bad.code == 3 and "xml" in bad.err
    assert cli("no-such-command").code == 3


def test_python_dash_m_and_console_script_work():
    out = subprocess.run([sys.executable, "-m", "netops", "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and __version__ in out.stdout


def test_help_does_not_load_heavy_libraries():
    code = (
        "import sys\n"
        "from netops.cli.app import run\n"
        "try:\n    run(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('netmiko', 'paramiko', 'pysnmp', 'speedtest', 'httpx', 'dns', 'asyncssh') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines()[-1] == "HEAVY=", out.stderr


def test_a_group_alone_shows_its_help(cli):
    for args in ((), ("optical",), ("profiles",), ("lab",)):
        result = cli(*args)
        assert result.code == 0, args
        assert result.out.startswith("Usage: netops") and result.err == ""


def test_the_console_script_is_the_entry_point():
    import shutil

    script = shutil.which("netops", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert script, "netops is not installed in this environment"
    out = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"netops {__version__}"


def test_ctrl_c_while_the_cli_is_still_loading_is_one_line_and_exit_130():
    """A KeyboardInterrupt raised in the middle of importing rich, where a Ctrl-C right after
    typing the command lands (Python's audit hook raises it there, deterministically)."""
    code = (
        "import sys\n"
        "def stop(event, args):\n"
        "    if event == 'import' and args[0] == 'rich.console':\n"
        "        raise KeyboardInterrupt\n"
        "sys.addaudithook(stop)\n"
        "from netops.cli import main\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", code, "--version"], capture_output=True, text=True, timeout=60)
    assert (out.returncode, out.stderr, out.stdout) == (130, "netops: interrupted\n", "")
