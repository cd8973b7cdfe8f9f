"""Starting and stopping a Voilà server: the one start-up of ``present`` and ``present --class``.

:func:`run_server` does, in this order: take the port's lock (one server per port among this
user's servers, so the loser of a race fails before it prints any link), check that the port
is free on the address, start Voilà in a session of its own, wait until it listens, announce
it, and wait. However it ends (Ctrl+C, SIGTERM, a timeout, an error), it stops Voilà and then
every process Voilà started: kernels run in sessions of their own, so stopping Voilà's
process group alone would not reach them.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rothman.core.errors import RothmanError
from rothman.core.i18n import text

#: The address a server listens on unless told otherwise.
LOOPBACK = "127.0.0.1"
#: Seconds Voilà has to shut its kernels down itself before they are stopped for it.
GRACE = 10.0
#: Seconds a process that was sent SIGTERM has before it is killed.
KILL_AFTER = 3.0


class ServerError(RothmanError):
    """A server that could not be started or did not answer: not bad input, exit code 1."""

    exit_code = 1


def check_port(port: int) -> int:
    """Return ``port`` if it is an unprivileged TCP port, else raise a :class:`RothmanError`.

    Examples:
        >>> check_port(8866)
        8866
        >>> check_port(80)
        Traceback (most recent call last):
        ...
        rothman.core.errors.RothmanError: Port 80 is not valid: choose a number from 1024 to 65535.
    """
    if not 1024 <= port <= 65535:
        raise RothmanError("cli_bad_port", value=port)
    return port


def port_busy(ip: str, port: int) -> RothmanError:
    """The error of a port in use: the same words for presentation mode and the class server.

    Examples:
        >>> str(port_busy("127.0.0.1", 8866)) == str(port_busy("0.0.0.0", 8866)).replace(
        ...     "0.0.0.0", "127.0.0.1")
        True
    """
    if ip == LOOPBACK:
        return RothmanError("cli_port_busy", port=port)
    return RothmanError("cli_port_busy_ip", port=port, ip=ip)


def loopback_of(ip: str) -> str:
    """The address a client on this computer reaches a server bound to ``ip`` on.

    Examples:
        >>> loopback_of("0.0.0.0"), loopback_of("::"), loopback_of("192.168.1.20")
        ('127.0.0.1', '::1', '192.168.1.20')
    """
    address = ipaddress.ip_address(ip)
    if address.is_unspecified:
        return "127.0.0.1" if address.version == 4 else "::1"
    return ip


def _family(ip: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ipaddress.ip_address(ip).version == 6 else socket.AF_INET


def check_free(ip: str, port: int) -> None:
    """Raise a :class:`RothmanError` unless ``port`` can be bound on ``ip`` now.

    A port in use gives the same message to both servers; an address that is not one of
    this computer's is named as such.
    """
    with socket.socket(_family(ip)) as sock:
        # as Tornado binds: a port left in TIME_WAIT by a server just stopped is free
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((ip, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE or getattr(exc, "winerror", None) == 10048:
                raise port_busy(ip, port) from None
            raise RothmanError("cli_bad_ip", value=ip) from None


def listening(ip: str, port: int) -> bool:
    """Whether something accepts TCP connections on ``port`` of ``ip``.

    A TCP connect, not an HTTP request: any GET of a Voilà page starts a kernel.
    """
    with socket.socket(_family(ip)) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((loopback_of(ip), port)) == 0


# --- the port lock -------------------------------------------------------------------------


def lock_dir() -> Path:
    """This user's folder for the servers' port locks, made private (mode 0700) if new.

    ``$XDG_RUNTIME_DIR/rothman`` when the system gives the user such a folder, else
    ``rothman/locks`` in the user's cache folder. Never a shared name in the temporary
    folder, which another user could hold or create first.

    Raises:
        RothmanError: the folder exists but is not a folder of this user's alone.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and _private(Path(runtime)):
        folder = Path(runtime) / "rothman"
    else:
        cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(cache) / "rothman" / "locks"
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    if not _private(folder):
        raise ServerError("cli_lock_dir_unsafe", path=str(folder))
    return folder


def _private(folder: Path) -> bool:
    """A real folder (not a link) owned by this user that no one else may enter."""
    if not hasattr(os, "getuid"):  # Windows: the profile folder is the user's already
        return folder.is_dir()
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


class PortLock:
    """An exclusive lock on a port among this user's servers; released by :meth:`close`
    or when the process ends."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.path = lock_dir() / f"port-{int(port)}.lock"
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if no other server of this user holds it; say whether it was taken."""
        try:
            import fcntl
        except ImportError:  # Windows: no lock; the port check before starting still applies
            return True
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.path, flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# --- stopping: the server and every process it started --------------------------------------


def _descendants(pid: int) -> dict[int, object]:
    """The processes under ``pid`` by process id (psutil objects); empty without psutil."""
    try:
        import psutil
    except ImportError:
        return {}
    try:
        return {p.pid: p for p in psutil.Process(pid).children(recursive=True)}
    except psutil.Error:
        return {}


def stop_tree(proc: subprocess.Popen, grace: float = GRACE) -> list[int]:
    """Stop the server ``proc`` and every process it started; return the ids of any left.

    Voilà is asked first (SIGTERM) and given ``grace`` seconds to shut its kernels down; the
    processes seen under it meanwhile are then terminated, killed if they must be, and
    checked. Kernels run in sessions of their own and outlive Voilà if not stopped here.
    """
    seen = _descendants(proc.pid)
    if proc.poll() is None:
        proc.terminate()
        deadline = time.monotonic() + grace
        while proc.poll() is None and time.monotonic() < deadline:
            seen.update(_descendants(proc.pid))
            time.sleep(0.1)
        if proc.poll() is None:
            seen.update(_descendants(proc.pid))
            proc.kill()
        proc.wait()
    if hasattr(os, "killpg"):  # anything else left in the server's own process group
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    return [p.pid for p in end_processes(list(seen.values()))]


def end_processes(procs: list, timeout: float = KILL_AFTER) -> list:
    """Terminate ``procs`` (psutil processes), kill those still running after ``timeout``
    seconds, and return any left. A zombie counts as ended: a process that is not our child
    stays one until its own parent collects it, and waiting for it to vanish would wait the
    whole timeout."""
    import psutil

    left = [p for p in procs if not _ended(p)]
    for step in ("terminate", "kill"):
        for child in left:
            try:
                getattr(child, step)()
            except psutil.NoSuchProcess:
                pass
        deadline = time.monotonic() + timeout
        while left and time.monotonic() < deadline:
            time.sleep(0.05)
            left = [p for p in left if not _ended(p)]
        if not left:
            break
    return left


def _ended(proc) -> bool:
    """Gone, or a zombie: ended, waiting only for its new parent to collect it."""
    import psutil

    try:
        return proc.status() == psutil.STATUS_ZOMBIE
    except psutil.Error:
        return True


# --- the start-up ----------------------------------------------------------------------------


def _exit_on_sigterm(signum, frame) -> None:
    # a plain SIGTERM would end Python without running the ``finally`` that stops the server
    raise SystemExit(0)


@contextmanager
def _stop_signals() -> Iterator[None]:
    """SIGTERM ends us through ``finally`` blocks; Ctrl+C is a KeyboardInterrupt, even when
    started from a shell that ignores it in background jobs. Only the main thread can."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous_term = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)


def _ignore_stop_signals() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_server(
    argv: Sequence[str],
    *,
    ip: str,
    port: int,
    env: Mapping[str, str],
    cwd: str | Path,
    timeout: float,
    announce: Callable[[subprocess.Popen, float], None],
    read_log: Callable[[IO[str]], object] | None = None,
    on_stop: Callable[[], None] | None = None,
    lang: str = "en",
    err: IO[str] | None = None,
) -> int:
    """Run the server ``argv`` on ``ip``:``port`` until it ends or is stopped; return its code.

    ``announce(proc, seconds)`` is called once it listens, ``seconds`` after the start.
    With ``read_log``, the server's output is piped to ``read_log(stream)`` (which must read
    it in a thread of its own) instead of going to ours. ``on_stop()`` is called just
    before the server is stopped. Ctrl+C and SIGTERM stop it and return 0. A process of the
    server that would not stop is named on ``err`` (standard error), in ``lang``.

    Raises:
        RothmanError: the port is taken, the address is not this computer's, or the server
            ended before it listened.
        ServerError: the server did not listen within ``timeout`` seconds (it is stopped
            first), or the lock folder is not this user's alone.
    """
    lock = PortLock(port)
    if not lock.acquire():
        raise port_busy(ip, port)
    try:
        check_free(ip, port)
        piped = {}
        if read_log is not None:
            piped = {
                "stdout": subprocess.PIPE,
                "stderr": subprocess.STDOUT,
                "text": True,
                "errors": "replace",
            }
        with _stop_signals():
            start = time.monotonic()
            # a session of its own: Ctrl+C reaches only us, and we stop Voilà without its
            # shutdown prompt
            proc = subprocess.Popen(
                list(argv), env=dict(env), cwd=cwd, start_new_session=True, **piped
            )
            try:
                if read_log is not None:
                    read_log(proc.stdout)
                _wait_listening(proc, ip, port, start, timeout)
                announce(proc, time.monotonic() - start)
                return proc.wait()
            except KeyboardInterrupt:
                return 0
            finally:
                if on_stop is not None:
                    on_stop()
                _ignore_stop_signals()  # a second Ctrl+C must not cut the stop short
                left = stop_tree(proc)
                if left:
                    pids = " ".join(str(pid) for pid in left)
                    (err or sys.stderr).write(text("cli_server_left", lang, pids=pids) + "\n")
    finally:
        lock.close()


def _wait_listening(proc: subprocess.Popen, ip: str, port: int, start: float, timeout: float):
    while not listening(ip, port):
        if proc.poll() is not None:
            raise RothmanError("cli_present_failed", code=proc.returncode, port=port)
        if time.monotonic() - start > timeout:
            raise ServerError("cli_server_timeout", port=port, seconds=f"{timeout:g}")
        time.sleep(0.1)
    if proc.poll() is not None:  # the port answered, but not our server
        raise port_busy(ip, port)
