"""Upload counting reads the kernel's acknowledged-bytes counter (no silent fallback on Linux)."""

from __future__ import annotations

import socket
import threading

import pytest

from netops.transport.speed_http import _bytes_acked


@pytest.mark.integration  # a real TCP peer on loopback
def test_bytes_acked_follows_what_the_peer_received():
    listener = socket.create_server(("127.0.0.1", 0))
    received = bytearray()

    def drain() -> None:
        conn, _ = listener.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    with socket.create_connection(listener.getsockname(), timeout=5) as sock:
        start = _bytes_acked(sock)
        assert start in (0, 1)  # Linux counts the SYN
        sock.sendall(b"x" * 1_000_000)
        sock.shutdown(socket.SHUT_WR)
        reader.join(timeout=5)
        acked = _bytes_acked(sock)
    listener.close()
    assert len(received) == 1_000_000
    assert acked is not None and 1_000_000 <= acked - start <= 1_000_001  # and maybe the FIN
