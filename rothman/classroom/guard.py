"""The class server's doors: every route that reaches a kernel asks for the token, and a
visitor past the class size gets a page saying the class is full.

Installed inside the Voilà server by :class:`rothman.classroom.kernels.ClassroomKernelManager`
(Voilà builds its kernel manager before its routes): :func:`install` wraps the Voilà app's
``init_handlers`` so that two of its handlers are replaced by the ones here.

- ``/voila/query/<kernel_id>``, where a preheated kernel waits for its visitor's request,
  accepts no one without the token (Voilà's own handler accepts anyone; a stranger's
  connection there took a kernel's place, and the next page waited a minute). The kernel
  itself connects with the token (:func:`rothman.classroom.visit.follow_visitor`). Its
  opening also tells the class server that one more page is warm.
- ``/voila/render/...``: a visitor is given a seat (a cookie) while fewer than the class size
  have pages; past that, a new visitor gets "the class is full" (HTTP 503), a seated one
  (reloading) still gets a page within the headroom.
"""

from __future__ import annotations

import html
import os
import secrets
import sys

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin
from tornado import web
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler

from rothman.classroom.lecturer import is_lecturer, is_lecturer_path
from rothman.classroom.visit import READY_MARK, request_lang
from rothman.core.i18n import text

#: The cookie that keeps a visitor's seat across reloads.
SEAT_COOKIE = "rothman-seat"


class TokenQuerySocket(WebSocketMixin, RequestInfoSocketHandler, JupyterHandler):
    """Voilà's request-info socket, for the token holder only."""

    async def get(self, *args, **kwargs):
        if self.current_user is None:
            raise web.HTTPError(403)
        return await super().get(*args, **kwargs)

    def open(self, kernel_id: str) -> None:
        if kernel_id in RequestInfoSocketHandler._waiters:  # one waiter, the kernel's own
            self.close(4001)
            return
        super().open(kernel_id)
        manager = self.kernel_manager
        if getattr(manager, "warm", None) and manager.warm(kernel_id):
            print(f"{READY_MARK} {notebook_of(manager, kernel_id)}", file=sys.stderr, flush=True)

    def on_close(self) -> None:
        # Voilà's own drops the last waiter listed when this one is not found: only this one
        waiters = RequestInfoSocketHandler._waiters
        for kernel_id in [k for k, waiter in waiters.items() if waiter is self]:
            del waiters[kernel_id]


def notebook_of(manager, kernel_id: str) -> str:
    """The view (notebook name without ``.ipynb``) a kernel was preheated for."""
    for path, data in getattr(manager, "notebook_data", {}).items():
        if kernel_id in data.get("kernel_ids", ()):
            return os.path.splitext(os.path.basename(path))[0]
    return "page"


class SeatedVoilaHandler(TornadoVoilaHandler):
    """A page for each seat of the class; past the class size, a page saying it is full."""

    @web.authenticated
    async def get(self, path=None):
        manager = self.kernel_manager
        if is_lecturer_path(path):  # the lecturer's page: the lecturer's token, no seat
            if not is_lecturer(self.current_user):
                return self._refuse(403, "lecturer_only_title", "lecturer_only_text")
            return await super().get(path)
        size = getattr(manager, "class_size", 0)
        if size and path:
            seat = self.get_cookie(SEAT_COOKIE)
            seated = seat in manager.seats
            limit = size + (manager.headroom if seated else 0)
            if manager.pages_out() >= limit:
                self.set_header("Retry-After", "30")
                return self._refuse(503, "class_full_title", "class_full_text")
            if not seated:
                seat = secrets.token_urlsafe(16)
                manager.seats.add(seat)
                self.set_cookie(SEAT_COOKIE, seat, httponly=True, samesite="Strict")
            manager.cap_pool(path)
        return await super().get(path)

    def _refuse(self, status: int, title: str, body: str):
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        lang = request_lang({"QUERY_STRING": self.request.query, **os.environ})
        return self.finish(full_page(lang, title, body))


def full_page(lang: str, title: str = "class_full_title", body: str = "class_full_text") -> str:
    """The page a visitor past the class size sees, in ``lang`` (every string escaped);
    with other string keys ``title`` and ``body``, another page of refusal.

    Examples:
        >>> page = full_page("id")
        >>> page.startswith("<!DOCTYPE html>") and 'lang="id"' in page and "penuh" in page
        True
    """
    esc = html.escape
    kind = esc(title.removesuffix("_title").replace("_", "-"))
    title = esc(text(title, lang))
    return (
        f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>"
        '<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; '
        'padding: 0 1em; font-size: 1.25em; line-height: 1.5">'
        f'<h1 class="rothman-{kind}">{title}</h1>'
        f"<p>{esc(text(body, lang))}</p></body></html>"
    )


def install(app, manager) -> None:
    """Have the Voilà ``app`` route the query socket and the pages through this module."""
    build = getattr(app, "init_handlers", None)
    if build is None or getattr(build, "rothman_guarded", False):
        return
    replace = {RequestInfoSocketHandler: TokenQuerySocket, TornadoVoilaHandler: SeatedVoilaHandler}

    def init_handlers() -> list:
        return [(route[0], replace.get(route[1], route[1]), *route[2:]) for route in build()]

    init_handlers.rothman_guarded = True
    app.init_handlers = init_handlers
