"""What a page asks of its kernel: the language and type size in its address, and the wait
of a preheated kernel for the student who will take it.

The lowest module of the classroom: the views and both servers use it, and it imports none
of them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import parse_qs, quote

from rothman.core.i18n import LANGS

#: The type sizes of the A-/A+ control: multiples of the size that fits the window (the
#: layout is measured in the browser tests at every one of them).
SIZES: tuple[float, ...] = (0.85, 1.0, 1.08, 1.16, 1.25)
#: The step a view starts at.
DEFAULT_SIZE = 1
#: What the class server's Voilà writes to its log when a preheated kernel has built its view.
READY_MARK = "[rothman] page ready:"
#: The variable that gives a preheated kernel the server's token (never its command line).
TOKEN_VARIABLE = "JUPYTER_TOKEN"
#: The class server's one view of the class (``notebooks/present/class.ipynb``).
CLASS_VIEW = "class"
#: The lecturer's notebook of the class server (``notebooks/present/lecturer.ipynb``).
LECTURER_VIEW = "lecturer"
#: The variable that gives the class server's Voilà the lecturer's token (never a kernel).
LECTURER_TOKEN_VARIABLE = "ROTHMAN_LECTURER_TOKEN"
#: The variable that names the class folder to every kernel of the class server.
CLASS_DIR_ENV = "ROTHMAN_CLASS_DIR"
#: Seconds a preheated kernel waits to reach its server before it gives up waiting.
CONNECT_TIMEOUT = 5


def request_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language a view starts in: ``?lang=`` of the page, else ROTHMAN_LANG, else English.

    Voilà hands a kernel the page's query string as the QUERY_STRING variable. A language
    that is not supported is ignored rather than refused: the page must still open.

    Examples:
        >>> request_lang({"QUERY_STRING": "token=abc&lang=id"})
        'id'
        >>> request_lang({"QUERY_STRING": "lang=fr", "ROTHMAN_LANG": "id"})
        'id'
        >>> request_lang({})
        'en'
    """
    env = os.environ if environ is None else environ
    asked = parse_qs(env.get("QUERY_STRING", "")).get("lang", [])
    for lang in [*asked, env.get("ROTHMAN_LANG", "")]:
        if lang in LANGS:
            return lang
    return "en"


def request_size(environ: Mapping[str, str] | None = None) -> int:
    """The type size a view starts at: ``?size=`` of the page (an index of :data:`SIZES`).

    Anything else gives :data:`DEFAULT_SIZE`: the page must still open.

    Examples:
        >>> request_size({"QUERY_STRING": "lang=id&size=3"})
        3
        >>> request_size({"QUERY_STRING": "size=9"}), request_size({})
        (1, 1)
    """
    env = os.environ if environ is None else environ
    for asked in parse_qs(env.get("QUERY_STRING", "")).get("size", []):
        if asked.isdigit() and int(asked) < len(SIZES):
            return int(asked)
    return DEFAULT_SIZE


def query_url(environ: Mapping[str, str] | None = None) -> str:
    """The address where a preheated kernel waits for its visitor's request, token included.

    As Voilà's own ``wait_for_request`` builds it, plus the token: the class server lets no
    one in there without it.

    Examples:
        >>> query_url({"VOILA_APP_PORT": "9000", "VOILA_KERNEL_ID": "k1", "JUPYTER_TOKEN": "a b"})
        'ws://127.0.0.1:9000/voila/query/k1?token=a%20b'
    """
    env = os.environ if environ is None else environ
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    url = (
        f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
        f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}"
    )
    token = env.get(TOKEN_VARIABLE, "")
    return f"{url}?token={quote(token, safe='')}" if token else url


def wait_for_request() -> None:
    """Wait for the visitor's request and put it in the environment (as Voilà's own does).

    The server notes, as the connection opens, that this kernel's page is ready.
    """
    import asyncio
    import json
    import threading

    import websockets

    found: list[str] = []

    async def receive() -> None:
        try:
            async with websockets.connect(query_url(), open_timeout=CONNECT_TIMEOUT) as socket:
                found.append(await socket.recv())
        except (OSError, TimeoutError, websockets.exceptions.WebSocketException):
            pass  # no request to wait for: the page keeps the server's language

    # a thread of its own: the kernel's own event loop is running this cell
    thread = threading.Thread(target=lambda: asyncio.run(receive()), daemon=True)
    thread.start()
    thread.join()
    for info in found:
        for key, value in json.loads(info).items():
            os.environ[key] = value


def follow_visitor(view) -> None:
    """In a preheated kernel, wait for the student's request, then take its language.

    A preheated kernel builds its view before anyone asks for it, in the server's language;
    the page's ``?lang=`` only arrives with the request. Outside a preheated kernel (plain
    presentation mode, JupyterLab) this returns at once.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return
    wait_for_request()
    lang = request_lang()
    if lang != view.inner.lang:
        view.inner.language.value = lang
