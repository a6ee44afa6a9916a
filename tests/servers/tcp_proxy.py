"""A TCP proxy for tests: sits between a client and a real server and can misbehave on demand.

`freeze()` stops forwarding in both directions without closing anything (a hung server or a
black-holing middlebox; new connections are accepted but get nothing either), `thaw()` resumes,
`drop()` closes every open connection (a NAT box forgetting it). Everything the clients sent is
kept (`client_lines()`), so a test can count the commands a client issued.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading

from tests.servers.dovecot_server import free_port


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self._target = (target_host, target_port)
        self._listener = socket.create_server((self.host, self.port))
        self._flowing = threading.Event()
        self._flowing.set()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._sent = bytearray()
        threading.Thread(target=self._accept_loop, daemon=True).start()

    # -- control -----------------------------------------------------------------------------

    def freeze(self) -> None:
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    def drop(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:  # the pumps see EOF and close them
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._closed.set()
        self._flowing.set()
        self._listener.close()
        self.drop()

    def client_lines(self) -> list[bytes]:
        """Every line the clients sent so far (commands, e.g. b"A001 IDLE" or b"DONE")."""
        with self._lock:
            return bytes(self._sent).splitlines()

    # -- forwarding ----------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        self._flowing.wait()  # a frozen proxy does not even reach the server
        try:
            server = socket.create_connection(self._target, timeout=5)
        except OSError:
            client.close()
            return
        with self._lock:
            self._sockets += [client, server]
        upstream = threading.Thread(target=self._pump, args=(client, server, True), daemon=True)
        upstream.start()
        self._pump(server, client, False)
        upstream.join()
        client.close()
        server.close()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while not self._closed.is_set():
                self._flowing.wait()
                readable, _, _ = select.select([source], [], [], 0.2)
                if not readable:
                    continue
                data = source.recv(65536)
                if not data:
                    break
                self._flowing.wait()  # read during a freeze: hold it until thawed
                if from_client:
                    with self._lock:
                        self._sent += data
                sink.sendall(data)
        except (OSError, ValueError):  # closed by drop() or the other pump
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
