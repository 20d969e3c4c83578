"""`cityclimate serve --workers N`: the workers share the port evenly and stop together (issue 20).

uvicorn's own workers share one socket and the first awake accepted every connection opened at
once (all 55 clients of the load benchmark on one of two processes); `cityclimate.server` gives
each worker a socket of its own (SO_REUSEPORT) so the kernel spreads connections. Real
processes, a real SQLite file, connections counted from /proc (Linux).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from anyio import to_thread
from fastapi.testclient import TestClient

from cityclimate.app import create_app
from cityclimate.settings import Settings
from cityclimate.storage import make_engine, upgrade
from tests.storage.databases import answering, free_port

linux_only = pytest.mark.skipif(
    not hasattr(socket, "SO_REUSEPORT") or not Path("/proc/net/tcp").exists(),
    reason="SO_REUSEPORT and /proc (Linux)",
)

CONNECTIONS = 16


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


LISTEN, ESTABLISHED = "0A", "01"


def _sockets(pid: int, port: int, state: str) -> int:
    """How many TCP sockets on local ``port`` in ``state`` the process ``pid`` holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == state and fields[9] in inodes:
                count += 1
    return count


@linux_only
def test_workers_share_the_port_and_stop_together(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    port = free_port()
    serve = f"from cityclimate.server import run; run('127.0.0.1', {port}, workers=2)"
    env = {**os.environ, "CITYCLIMATE_DATABASE_URL": url}
    server = subprocess.Popen([sys.executable, "-c", serve], env=env)
    workers: list[int] = []
    try:
        assert answering(f"http://127.0.0.1:{port}")
        for _ in range(600):  # the second worker may still be starting
            workers = [w for w in _children(server.pid) if _sockets(w, port, LISTEN)]
            if len(workers) == 2:
                break
            time.sleep(0.1)
        assert len(workers) == 2
        # Connections arriving while the workers are busy (here: stopped) wait in the queue of
        # a listening socket: with one shared socket the first worker to resume takes them all.
        for worker in workers:
            os.kill(worker, signal.SIGSTOP)
        try:
            clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(CONNECTIONS)]
            os.kill(workers[0], signal.SIGCONT)
            for _ in range(100):
                if _sockets(workers[0], port, ESTABLISHED):
                    break
                time.sleep(0.05)
            time.sleep(0.5)  # let it take what it can
        finally:
            for worker in workers:
                os.kill(worker, signal.SIGCONT)
        request = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
        for client in clients:
            client.sendall(request)
        for client in clients:
            assert client.recv(64).startswith(b"HTTP/1.1 200")
        held = {w: _sockets(w, port, ESTABLISHED) for w in workers}
        assert sum(held.values()) == CONNECTIONS
        assert sorted(n > 0 for n in held.values()) == [True, True], held  # both serve
        for client in clients:
            client.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert all(not Path(f"/proc/{w}").exists() for w in workers)  # stopped with the server


def test_a_process_works_on_as_many_requests_as_it_has_threads(tmp_path: Path) -> None:
    """settings.threads sizes both the thread pool the routes run in and the connection pool."""
    url = f"sqlite:///{tmp_path / 'threads.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = create_app(Settings(database_url=url, threads=3))
    assert app.state.db.engine.pool.size() == 3
    with TestClient(app) as client:  # runs the lifespan on the client's event loop
        assert client.portal is not None
        limit = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
        assert limit == 3
        assert client.get("/api/v1/health").status_code == 200
