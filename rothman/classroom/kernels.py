"""The kernel manager of the class server: a pool the size of the class, warmed a few at a
time, and a closed page's kernel gone within seconds.

Voilà builds its pool of preheated kernels on top of the class named by
``VoilaConfiguration.multi_kernel_manager_class`` (this one). Three things are added here:

- **Release.** Voilà's page asks for its kernel to be shut down when it is left, but that
  request is refused for want of an ``_xsrf`` cookie (voila-dashboards/voila#1458), and idle
  culling alone waits for a whole idle period. What does arrive is the end of the page's
  websocket: a kernel is shut down ``release_after`` seconds after its last page
  disconnected, unless a page has connected again meanwhile (a reload, a network hiccup).
- **A room the size of the class.** Voilà refills a pool after every page taken. Before a
  page is taken, :meth:`ClassroomKernelManager.cap_pool` lowers the pool's size so that pages
  out plus pool never exceed ``class_size + headroom`` kernels.
- **Batches.** A preheated kernel takes one of ``start_batch`` places before it starts and
  gives it back once it is warm (its view built: it then asks the server for its visitor's
  request), so that a class's kernels do not all start at once on a small machine.
- **A kernel that dies while it warms is replaced.** Voilà keeps such a kernel in its pool:
  the server never had all its pages ready, and the student who took that page got a broken
  one. It is shut down and the pool refilled (:meth:`ClassroomKernelManager._watch`).
- **Templates compiled once.** Voilà renders each preheated page with an exporter of its own,
  whose Jinja environment compiles the page's templates again: a quarter of a second of the
  server's time per page, most of its share of a page. The environments share one
  in-memory cache of the compiled templates (:func:`share_compiled_templates`).

Imported only inside the Voilà server; :mod:`rothman.classroom.guard` is installed from here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import jinja2
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import IOLoop
from traitlets import Float, Integer

from rothman.classroom.lecturer import is_lecturer_path

#: Seconds a preheated kernel may hold its start place without saying it is warm.
WARM_TIMEOUT = 90.0
#: Seconds between two looks at whether a warming kernel is still alive.
WATCH_EVERY = 1.0


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory, shared by environments of the same settings.

    Jinja checks each entry against the template's source (a checksum) before using it, so a
    template changed on disk is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        raw = self._code.get(bucket.key)
        if raw is not None:
            bucket.bytecode_from_string(raw)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def share_compiled_templates(exporter_class=None) -> CompiledTemplates:
    """Have every environment of Voilà's page exporter use one :class:`CompiledTemplates`.

    Every such environment has the same settings (Voilà's template, its extensions), which
    is what sharing compiled code needs. Idempotent; returns the cache.
    """
    if exporter_class is None:
        from voila.exporter import VoilaExporter as exporter_class
    create = exporter_class._create_environment
    shared = getattr(create, "rothman_cache", None)
    if shared is not None:
        return shared
    shared = CompiledTemplates()

    def _create_environment(self):
        env = create(self)
        env.bytecode_cache = shared
        return env

    _create_environment.rothman_cache = shared
    exporter_class._create_environment = _create_environment
    return shared


class ClassroomKernelManager(AsyncMappingKernelManager):
    """Pool capped at the class, kernels started in batches, closed pages released."""

    release_after = Float(
        10.0,
        config=True,
        help="Seconds a kernel outlives the last page connected to it.",
    )
    class_size = Integer(0, config=True, help="Students of the class (0: no cap, no seats).")
    headroom = Integer(0, config=True, help="Kernels kept beyond the class size.")
    start_batch = Integer(2, config=True, help="Preheated kernels warming at the same time.")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pages: dict[str, int] = {}
        self._warming: set[str] = set()
        self._places: asyncio.Semaphore | None = None
        self._watchers: set[asyncio.Future] = set()
        #: Seat cookies handed to visitors (see :mod:`rothman.classroom.guard`).
        self.seats: set[str] = set()
        #: Preheated kernels warm so far, by notebook (for the server's log).
        self.warmed = 0
        #: Kernels of the lecturer's page: no seat of the class, for the lecturer only.
        self.lecturer_kernels: set[str] = set()
        from rothman.classroom.guard import install

        install(self.parent, self)
        share_compiled_templates()

    # --- release ------------------------------------------------------------------------

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._pages[kernel_id] = self._pages.get(kernel_id, 0) + 1

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        left = max(self._pages.get(kernel_id, 0) - 1, 0)
        self._pages[kernel_id] = left
        if left == 0:
            IOLoop.current().call_later(self.release_after, self._release_if_unused, kernel_id)

    async def _release_if_unused(self, kernel_id: str) -> None:
        if self._pages.get(kernel_id, 0) or kernel_id not in self:
            return
        self.log.info("Releasing kernel %s: its page has closed", kernel_id)
        try:
            await self.shutdown_kernel(kernel_id)
        except (KeyError, RuntimeError):  # it went meanwhile (culled or shut down)
            pass

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._pages.pop(kernel_id, None)
        self.lecturer_kernels.discard(kernel_id)
        self.warm(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    # --- batches ------------------------------------------------------------------------

    async def start_kernel(self, *args, **kwargs):
        env = kwargs.get("env") or {}
        if env.get("VOILA_PREHEAT") != "True":  # a page's own kernel: at once
            kernel_id = await super().start_kernel(*args, **kwargs)
            if is_lecturer_path(env.get("SCRIPT_NAME")):
                self.lecturer_kernels.add(kernel_id)
            return kernel_id
        if self._places is None:
            self._places = asyncio.Semaphore(max(1, self.start_batch))
        await self._places.acquire()
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        except BaseException:
            self._places.release()
            raise
        self._warming.add(kernel_id)
        IOLoop.current().call_later(WARM_TIMEOUT, self.warm, kernel_id)
        self._watchers.add(asyncio.ensure_future(self._watch(kernel_id)))
        return kernel_id

    async def _watch(self, kernel_id: str) -> None:
        """While ``kernel_id`` warms: if its process ends, shut it down and refill the pool."""
        task = asyncio.current_task()
        try:
            while True:
                await asyncio.sleep(WATCH_EVERY)
                if kernel_id not in self._warming or kernel_id not in self:
                    return  # warm, or shut down
                if await self.get_kernel(kernel_id).is_alive():
                    continue
                pool = next((name for name, kid in self._pooled() if kid == kernel_id), None)
                self.log.warning(
                    "A preheated kernel (%s) ended before it was warm; %s",
                    kernel_id,
                    f"starting another for {pool}" if pool else "it was not in a pool",
                )
                try:
                    await self.shutdown_kernel(kernel_id, now=True)
                except (KeyError, RuntimeError):  # it went meanwhile
                    pass
                if pool is not None:
                    self.fill_if_needed(delay=0, notebook_name=pool)
                return
        finally:
            self._watchers.discard(task)

    def warm(self, kernel_id: str) -> bool:
        """Give back the start place of a preheated kernel; say whether it held one."""
        if kernel_id not in self._warming:
            return False
        self._warming.discard(kernel_id)
        if self._places is not None:
            self._places.release()
        return True

    # --- the room -----------------------------------------------------------------------

    def _pooled(self) -> Iterator[tuple[str, str]]:
        """(notebook, kernel id) of each kernel waiting in one of Voilà's pools."""
        for name, pool in getattr(self, "_pools", {}).items():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    yield name, task.result()["kernel_id"]

    def pooled(self) -> set[str]:
        """Ids of the kernels waiting in a pool (Voilà's pools of preheated kernels)."""
        return {kernel_id for _, kernel_id in self._pooled()}

    def pages_out(self) -> int:
        """Kernels handed to students' pages and not yet released (not the lecturer's)."""
        return len(set(self.list_kernel_ids()) - self.pooled() - self.lecturer_kernels)

    def cap_pool(self, notebook: str) -> None:
        """Before a page of ``notebook`` is taken: let Voilà refill only up to the room.

        Voilà tops the pool up to its ``pool_size`` right after a page is taken; with pages
        out plus pool kept at ``class_size + headroom``, the room never holds more kernels.
        """
        config = getattr(self, "kernel_pools_config", None)
        if not self.class_size or not config or notebook not in config:
            return
        room = self.class_size + self.headroom
        config[notebook] = {**config[notebook], "pool_size": max(0, room - self.pages_out() - 1)}
