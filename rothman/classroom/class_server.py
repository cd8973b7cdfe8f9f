"""The class server: presentation mode for a room of students, each on their own page.

``rothman present --class N`` serves one page per student, the class view
(``notebooks/present/class.ipynb``: the explorer and the case quiz in one kernel), and keeps
about N of them ready in advance with Voilà's preheated kernels: a kernel has already
imported the library and built the view before a student opens the link, so the first page is
quick for everyone at once. The room never holds more than N plus a little headroom kernels
(:func:`pool_size`); they are warmed a few at a time, and a closed page's kernel is shut down
within seconds (see :mod:`rothman.classroom.kernels`). Every route to a kernel asks for the
token, and a visitor past the class size is told the class is full
(:mod:`rothman.classroom.guard`).

It listens on 127.0.0.1 unless ``--ip`` says otherwise, keeps Voilà's token in the link (and
out of any command line), and prints the link with a QR code of it for the projector.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path

from rothman.classroom.links import lan_address, lecturer_url, link_host, qr_code, view_urls
from rothman.classroom.present import DEFAULT_PORT, command, presentation_dir
from rothman.classroom.server import LOOPBACK, check_port, loopback_of, run_server
from rothman.classroom.visit import (
    CLASS_DIR_ENV,
    CLASS_VIEW,
    LECTURER_TOKEN_VARIABLE,
    READY_MARK,
    TOKEN_VARIABLE,
    follow_visitor,
)
from rothman.core.class_room import ClassRoom, default_class_dir
from rothman.core.errors import RothmanError
from rothman.core.i18n import check_lang, text

__all__ = [
    "LOOPBACK",
    "READY_MARK",
    "follow_visitor",
    "lan_address",
    "lecturer_url",
    "link_host",
    "qr_code",
    "serve_class",
    "view_urls",
]

#: The largest class one server is meant for (each student holds a kernel, see docs/classroom.md).
MAX_CLASS = 200
#: Seconds a kernel outlives the last page connected to it (a reload or a short network
#: hiccup reconnects within this).
RELEASE_AFTER = 10
#: Backstop for kernels whose page never connected: culled after this many idle seconds,
#: checked every CULL_INTERVAL seconds. Voilà never culls kernels waiting in its pool.
CULL_AFTER = 120
CULL_INTERVAL = 15
#: Seconds Voilà waits after a pool kernel is taken before it starts the one replacing it:
#: long enough that the replacements do not compete with the pages of a class arriving at once.
FILL_DELAY = 20
#: Seconds the class server has to listen before it is given up (and stopped).
CLASS_START_TIMEOUT = 120
#: Preheated kernels warming at the same time: two per core, at most eight. A kernel's start
#: waits on its server part of the time (the connection, the page's rendering), so with one
#: per core a quarter of a 2-core machine stayed idle; two per core keep it busy without
#: starting the whole class at once.
START_BATCH = max(1, min(8, 2 * (os.cpu_count() or 1)))

_READY = re.compile(re.escape(READY_MARK) + r" (\w+)")
_PROBLEM = re.compile(r"\b(ERROR|CRITICAL)\b")


def check_class_size(size: int) -> int:
    """Return ``size`` if it is a class size this server is for, else raise.

    Examples:
        >>> check_class_size(30)
        30
        >>> check_class_size(0)
        Traceback (most recent call last):
        ...
        rothman.core.errors.RothmanError: Class size 0 is not valid: choose a number from 1 to 200.
    """
    if not 1 <= size <= MAX_CLASS:
        raise RothmanError("cli_bad_class_size", value=size, most=MAX_CLASS)
    return size


def check_ip(ip: str) -> str:
    """Return ``ip`` if it is an IP address (IPv4 or IPv6), else raise.

    Examples:
        >>> check_ip("0.0.0.0")
        '0.0.0.0'
        >>> check_ip("my-laptop")
        Traceback (most recent call last):
        ...
        rothman.core.errors.RothmanError: 'my-laptop' is not an IP address of this computer: give one such as 0.0.0.0 (every network of this computer) or 127.0.0.1 (this computer only).
    """
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        raise RothmanError("cli_bad_ip", value=ip) from None


def kernel_ip(ip: str) -> str:
    """The address a kernel reaches its own server on (Voilà's preheated kernels ask it for
    the page's request): loopback when the server listens on every interface.

    Examples:
        >>> kernel_ip("0.0.0.0"), kernel_ip("192.168.1.20")
        ('127.0.0.1', '192.168.1.20')
    """
    return loopback_of(ip)


def headroom(size: int) -> int:
    """Pages kept beyond the class size: for reloads and a late student or two.

    Examples:
        >>> headroom(5), headroom(30), headroom(45)
        (2, 3, 4)
    """
    return max(2, size // 10)


def pool_size(size: int) -> int:
    """The kernels the room holds at most for a class of ``size``: the class and its headroom.

    Examples:
        >>> pool_size(2), pool_size(30)
        (4, 33)
    """
    return check_class_size(size) + headroom(size)


def pool_config(size: int) -> dict:
    """Voilà's configuration for ``size`` students: the pool, the room and the release.

    Only the class view is preheated; the other notebooks of the folder get no pool.

    Examples:
        >>> conf = pool_config(30)
        >>> conf["VoilaKernelManager"]["kernel_pools_config"]["class.ipynb"]
        {'pool_size': 33}
        >>> conf["ClassroomKernelManager"]["class_size"], conf["ClassroomKernelManager"]["headroom"]
        (30, 3)
    """
    check_class_size(size)
    return {
        "VoilaKernelManager": {
            "kernel_pools_config": {
                f"{CLASS_VIEW}.ipynb": {"pool_size": pool_size(size)},
                "default": {"pool_size": 0},
            },
            "fill_delay": FILL_DELAY,
        },
        "ClassroomKernelManager": {
            "release_after": RELEASE_AFTER,
            "class_size": size,
            "headroom": headroom(size),
            "start_batch": START_BATCH,
        },
        "MappingKernelManager": {
            "cull_idle_timeout": CULL_AFTER,
            "cull_interval": CULL_INTERVAL,
        },
        # the lecturer's own token, and the lecturer's kernel for the lecturer only
        "Voila": {
            "identity_provider_class": "rothman.classroom.lecturer.ClassIdentityProvider",
            "authorizer_class": "rothman.classroom.lecturer.ClassAuthorizer",
        },
    }


def class_command(folder: str | Path, port: int, ip: str, config_dir: str | Path) -> list[str]:
    """The Voilà command line of the class server.

    Presentation mode's command (:func:`rothman.classroom.present.command`), listening on
    ``ip``, with preheated kernels and the configuration that :func:`pool_config` wrote to
    ``config_dir``. The token is not on it (anyone may read a command line): Voilà reads it
    from the environment (:func:`class_env`).

    Examples:
        >>> argv = class_command("/srv/p", 8866, "0.0.0.0", "/tmp/c")
        >>> "--Voila.ip=0.0.0.0" in argv and "--preheat_kernel=True" in argv
        True
        >>> any(a.startswith(("--MappingKernelManager.cull", "--token")) for a in argv)
        False
    """
    argv = [
        arg
        for arg in command(folder, port, "")
        if not arg.startswith(("--Voila.ip=", "--MappingKernelManager.", "--token="))
    ]
    return [
        *argv,
        f"--Voila.ip={ip}",
        "--Voila.auto_token=True",
        "--preheat_kernel=True",
        "--VoilaConfiguration.multi_kernel_manager_class="
        "rothman.classroom.kernels.ClassroomKernelManager",
        f"--Voila.config_file_paths={config_dir}",
    ]


def class_env(
    token: str,
    lang: str,
    ip: str,
    environ=None,
    class_dir: str | Path | None = None,
    lecturer: str | None = None,
) -> dict[str, str]:
    """The class server's environment: the token, the language, the kernels' way back, the
    class folder (every kernel inherits it) and the lecturer's token (Voilà's alone).

    Examples:
        >>> env = class_env("t", "id", "0.0.0.0", {}, "/srv/c", "L")
        >>> env["JUPYTER_TOKEN"], env["ROTHMAN_LANG"], env["VOILA_APP_IP"]
        ('t', 'id', '127.0.0.1')
        >>> env["ROTHMAN_CLASS_DIR"], env["ROTHMAN_LECTURER_TOKEN"]
        ('/srv/c', 'L')
    """
    env = dict(os.environ if environ is None else environ)
    env.update({TOKEN_VARIABLE: token, "ROTHMAN_LANG": lang, "VOILA_APP_IP": kernel_ip(ip)})
    if class_dir is not None:
        env[CLASS_DIR_ENV] = str(class_dir)
    if lecturer is not None:
        env[LECTURER_TOKEN_VARIABLE] = lecturer
    return env


class _Relay:
    """Reads Voilà's log: counts pages made ready, passes problems on, drops the rest."""

    def __init__(self, stream, err) -> None:
        self.ready: dict[str, int] = {}
        #: set while the server stops: kernels cut off mid-wait complain, which is no news
        self.quiet = False
        self.changed = threading.Event()
        self._err = err
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        relaying = False
        for line in stream:
            found = _READY.search(line)
            if found:
                self.ready[found.group(1)] = self.ready.get(found.group(1), 0) + 1
                self.changed.set()
                continue
            if _PROBLEM.search(line):
                relaying = True
            elif line.startswith("["):
                relaying = False
            if relaying and not self.quiet:
                self._err.write(line)
                self._err.flush()
        self.changed.set()

    def full(self, pages: int) -> bool:
        return self.ready.get(CLASS_VIEW, 0) >= pages


def serve_class(
    size: int,
    lang: str = "en",
    port: int = DEFAULT_PORT,
    ip: str | None = None,
    out=None,
    err=None,
    timeout: float = CLASS_START_TIMEOUT,
    class_dir: str | Path | None = None,
    nicknames: bool = False,
) -> int:
    """Run the class server until stopped (Ctrl+C); return its exit code.

    Prints the class folder, the students' link, a QR code of it, the lecturer's own link
    and a line when the room's pages (:func:`pool_size`) are all ready. The class's rounds
    and answers are kept in ``class_dir`` (a new dated folder when None); students may add
    a nickname to their answers only with ``nicknames``.

    Raises:
        RothmanError: a bad size, address or port, no presentation notebooks, Voilà or
            segno missing.
        ServerError: a server that does not start within ``timeout`` seconds.
    """
    import importlib.util

    out = out or sys.stdout
    err = err or sys.stderr
    check_lang(lang)
    check_port(port)
    check_class_size(size)
    bind = LOOPBACK if ip is None else check_ip(ip)
    folder = presentation_dir()
    if folder is None or not (folder / f"{CLASS_VIEW}.ipynb").is_file():
        raise RothmanError("cli_no_notebooks")
    for module, key in (("voila", "cli_present_no_voila"), ("segno", "cli_class_no_segno")):
        if importlib.util.find_spec(module) is None:
            raise RothmanError(key)
    token, lecturer = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    room = ClassRoom(default_class_dir() if class_dir is None else class_dir, nicknames=nicknames)
    pages = pool_size(size)
    host = link_host(bind)
    urls = view_urls(host, port, token, lang)
    relays: list[_Relay] = []

    def read_log(stream) -> None:
        relays.append(_Relay(stream, err))

    def quiet() -> None:
        # kernels cut off mid-wait complain while the server stops, which is no news
        for relay in relays:
            relay.quiet = True

    def announce(proc, seconds: float) -> None:
        listened, relay = time.monotonic(), relays[0]
        out.write(text("cli_class_folder", lang, path=room.folder) + "\n")
        out.write(text("cli_class_listening", lang, size=size, host=host, port=port) + "\n")
        out.write(f"  {urls[CLASS_VIEW]}\n")
        out.write(qr_code(urls[CLASS_VIEW]))
        if ipaddress.ip_address(bind).is_loopback:
            out.write(text("cli_class_loopback", lang) + "\n")
        else:
            out.write(text("cli_class_open", lang) + "\n")
        out.write(text("cli_class_lecturer", lang) + "\n")
        out.write(f"  {lecturer_url(bind, host, port, lecturer, lang)}\n")
        out.write(text("cli_present_stop", lang) + "\n")
        out.flush()
        while proc.poll() is None and not relay.full(pages):
            relay.changed.wait(1)
            relay.changed.clear()
        if proc.poll() is None:
            waited = f"{seconds + time.monotonic() - listened:.0f}"
            out.write(text("cli_class_ready", lang, pages=pages, size=size, seconds=waited) + "\n")
            out.flush()

    with tempfile.TemporaryDirectory(prefix="rothman-class-") as config_dir:
        Path(config_dir, "voila.json").write_text(json.dumps(pool_config(size)), encoding="utf-8")
        return run_server(
            class_command(folder, port, bind, config_dir),
            ip=bind,
            port=port,
            env=class_env(token, lang, bind, None, room.folder.resolve(), lecturer),
            cwd=folder,
            timeout=timeout,
            announce=announce,
            read_log=read_log,
            on_stop=quiet,
            lang=lang,
            err=err,
        )
