"""Daphne's connections write at once when nothing is queued, and fall back to Twisted's buffer."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A Twisted server on the asyncio reactor, as under Daphne, with hub.transport installed. Each
# connection gets PAYLOAD in 64 KiB writes, then the server reports how many writes left data in
# Twisted's buffer (the kernel did not take them whole) and closes.
SERVER = r"""
import asyncio, sys
from twisted.internet import asyncioreactor
asyncioreactor.install(asyncio.new_event_loop())
from twisted.internet import protocol, reactor
from hub import transport

transport.install()
size = int(sys.argv[1])
PAYLOAD = bytes(range(256)) * (size // 256)

class Sender(protocol.Protocol):
    def connectionMade(self):
        buffered = 0
        for start in range(0, len(PAYLOAD), 65536):
            self.transport.write(PAYLOAD[start:start + 65536])
            buffered += bool(self.transport._tempDataBuffer or self.transport.dataBuffer)
        print(type(self.transport).__name__, buffered, flush=True)
        self.transport.loseConnection()

port = reactor.listenTCP(0, protocol.Factory.forProtocol(Sender), interface="127.0.0.1")
print(port.getHost().port, flush=True)
reactor.run()
"""


def _serve(size: int) -> tuple[bytes, list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(size)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        port = int(process.stdout.readline())
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            time.sleep(0.3)  # let the server fill the socket's buffers before anything is read
            received = bytearray()
            while chunk := client.recv(65536):
                received += chunk
        report = process.stdout.readline().split()
        return bytes(received), report
    finally:
        process.kill()
        process.wait()


def test_a_small_write_leaves_at_once_without_buffering():
    received, (transport, buffered) = _serve(4096)
    assert transport == "DirectWriteServer"
    assert buffered == "0"
    assert received == bytes(range(256)) * 16


def test_a_write_larger_than_the_socket_takes_goes_through_the_buffer_whole_and_in_order():
    size = 32 * 1024 * 1024
    received, (transport, buffered) = _serve(size)
    assert transport == "DirectWriteServer"
    assert int(buffered) > 0
    assert len(received) == size
    assert received == bytes(range(256)) * (size // 256)
