"""Run an action once after a pause, on the event loop of the kernel (no thread).

Widget callbacks run on the kernel's event loop; a :class:`Debouncer` schedules its action on
that same loop with ``call_later``, so the action reads and writes widgets from the thread
that owns them, and many quick changes give one run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Debouncer:
    """Run ``action`` once, ``delay`` seconds after the last :meth:`poke`.

    The action runs on the event loop the poke came from (in a notebook, the kernel's).
    Without a running loop (a plain script, a doctest) there is nothing to wait on: the
    action runs at once.

    Examples:
        >>> runs = []
        >>> later = Debouncer(0.01, lambda: runs.append(len(runs)))
        >>> async def typing():
        ...     for _ in range(5):
        ...         later.poke()
        ...     await asyncio.sleep(0.05)
        >>> asyncio.run(typing()); runs
        [0]
        >>> later.poke(); runs  # no loop running: at once
        [0, 1]
    """

    def __init__(self, delay: float, action: Callable[[], None]) -> None:
        self.delay = delay
        self.action = action
        self._handle: asyncio.TimerHandle | None = None

    @property
    def pending(self) -> bool:
        """True while a run is waiting for its pause."""
        return self._handle is not None

    def poke(self) -> None:
        """Something changed: run the action after ``delay`` seconds of quiet."""
        self.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.action()
            return
        self._handle = loop.call_later(self.delay, self._run)

    def cancel(self) -> bool:
        """Forget a waiting run; True if there was one."""
        handle, self._handle = self._handle, None
        if handle is None:
            return False
        handle.cancel()
        return True

    def flush(self) -> None:
        """Run now if a run is waiting."""
        if self.cancel():
            self.action()

    def _run(self) -> None:
        self._handle = None
        self.action()
