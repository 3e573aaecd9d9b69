"""Daphne's TCP connections send at once instead of waiting for the reactor's next poll.

Twisted queues every write and sends it only when the reactor next finds the socket writable: two
epoll_ctl calls and a poll per message, and nothing leaves the process until every consumer woken by
the same notification has run. For one notification to a thousand sockets that was a third of the
server's time and most of the latency (docs/PERFORMANCE.md). When nothing is queued on a connection,
DirectWriteServer sends straight away and hands only what the kernel did not take to Twisted's own
buffer, which keeps ordering, flow control, TLS and error handling as they were.
"""

from __future__ import annotations

from twisted.internet import tcp


class DirectWriteServer(tcp.Server):
    def write(self, data: bytes) -> None:
        if (
            data
            and type(data) is bytes
            and not self.TLS
            and self.connected
            and not self.disconnecting
            and not self._writeDisconnected
            and not self._tempDataBuffer
            and self.offset == len(self.dataBuffer)
        ):
            try:
                sent = self.socket.send(data)
            except OSError:
                # Full (EAGAIN) or broken: the buffered path retries and reports a lost connection.
                sent = 0
            if sent == len(data):
                return
            data = data[sent:]
        super().write(data)


def install() -> None:
    """Use DirectWriteServer for every connection accepted from now on in this process."""
    tcp.Port.transport = DirectWriteServer
