"""The kernel manager of the class server: a closed page's kernel goes within seconds.

Voilà's page asks for its kernel to be shut down when it is left, but that request is refused
for want of an ``_xsrf`` cookie (voila-dashboards/voila#1458), and idle culling alone waits
for a whole idle period. What does arrive is the end of the page's websocket: this manager
shuts a kernel down ``release_after`` seconds after its last page disconnected, unless a page
has connected again meanwhile (a reload of the page, or a network hiccup the page recovers from).

Voilà builds its pool of preheated kernels on top of the class named by
``VoilaConfiguration.multi_kernel_manager_class``; kernels waiting in the pool have never had
a page, so they are never released here. Imported only inside the Voilà server.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import IOLoop
from traitlets import Float


class ClassroomKernelManager(AsyncMappingKernelManager):
    """Shut a kernel down shortly after the last page using it has gone."""

    release_after = Float(
        10.0,
        config=True,
        help="Seconds a kernel outlives the last page connected to it.",
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._pages: dict[str, int] = {}

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
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)
