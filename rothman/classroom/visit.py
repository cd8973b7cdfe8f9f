"""What a page asks of its kernel: the language and type size in its address, and the wait
of a preheated kernel for the student who will take it.

The lowest module of the classroom: the views and both servers use it, and it imports none
of them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from urllib.parse import parse_qs

from rothman.core.i18n import LANGS

#: The type sizes of the A-/A+ control: multiples of the size that fits the window (the
#: layout is measured in the browser tests at every one of them).
SIZES: tuple[float, ...] = (0.85, 1.0, 1.08, 1.16, 1.25)
#: The step a view starts at.
DEFAULT_SIZE = 1
#: What a preheated kernel writes to the class server's log once its view is built.
READY_MARK = "[rothman] page ready:"


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


def follow_visitor(view) -> None:
    """In a preheated kernel, wait for the student's request, then take its language.

    A preheated kernel builds its view before anyone asks for it, in the server's language;
    the page's ``?lang=`` only arrives with the request. Outside a preheated kernel (plain
    presentation mode, JupyterLab) this returns at once.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return
    from voila.utils import wait_for_request

    # to the server's own log (a kernel shares its standard error): one more page is ready
    print(f"{READY_MARK} {view.view}", file=sys.__stderr__, flush=True)
    wait_for_request()
    lang = request_lang()
    if lang != view.inner.lang:
        view.inner.language.value = lang
