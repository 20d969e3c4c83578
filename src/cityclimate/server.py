"""Serving the platform: one uvicorn process, or several sharing the port evenly.

uvicorn's own ``--workers`` shares one listening socket between its processes, and the process
that wakes first accepts every connection waiting: 55 keep-alive clients opening at once all
landed on one of two workers, which did all the work while the other idled (issue 20,
docs/decisions.md). Here each worker listens on a socket of its own bound with
``SO_REUSEPORT``, and the kernel spreads new connections across them. Where the option does not
exist (not Linux or BSD), uvicorn's workers are used.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import socket
from types import FrameType

import uvicorn

APP = "cityclimate.app:create_app"


def run(host: str, port: int, *, workers: int = 1, log_level: str = "info") -> None:
    """Serve on ``host``:``port`` with ``workers`` processes until interrupted."""
    if workers <= 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run(
            APP,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            proxy_headers=False,
        )
        return
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_worker, args=(host, port, log_level), daemon=True)
        for _ in range(workers)
    ]
    for process in processes:
        process.start()

    def stop(signum: int, _frame: FrameType | None) -> None:
        for process in processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests under way

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # One worker ending (a crash, or stopped) stops the others: a supervisor (systemd, a
    # container) restarts the whole server rather than run on with fewer processes unseen.
    multiprocessing.connection.wait([p.sentinel for p in processes])
    stop(signal.SIGTERM, None)
    for process in processes:
        process.join()
    failed = [p.exitcode for p in processes if p.exitcode not in (0, -signal.SIGTERM)]
    if failed:
        raise SystemExit(f"cityclimate: a server process ended with exit code {failed[0]}")


def _worker(host: str, port: int, log_level: str) -> None:
    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    listener.listen(2048)
    config = uvicorn.Config(APP, factory=True, log_level=log_level, proxy_headers=False)
    uvicorn.Server(config).run(sockets=[listener])
