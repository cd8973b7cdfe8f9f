"""What every test of the repository shares, doctests and notebooks included.

Playwright's synchronous API keeps its event loop marked as running in the main thread for as
long as a browser test's fixtures live. A test of the same worker that is not a browser test
would then find that loop: ``asyncio.run`` refuses to start, and code that schedules work on
"the running loop" (the practicum form's autosave, the live class's polling) would hand it to
a loop that does not turn. Outside browser tests the thread is shown without it, as in a
kernel or a script, and the loop is put back afterwards.
"""

from __future__ import annotations

import asyncio

import pytest

from rothman.classroom.kernel_main import leave_out
from rothman.classroom.voila_main import LEFT_OUT

# nbval is loaded here, not by its entry point (``-p no:nbval`` in pyproject.toml): first the
# IRI grammars that jsonschema would build on nbformat's import, and that nothing here checks,
# are left out, as the course's servers do; about a second of processor time in each pytest
# process (the run's own and each worker).
leave_out(LEFT_OUT)
pytest_plugins = ("nbval.plugin",)


@pytest.fixture(autouse=True)
def _no_browser_event_loop_outside_browser_tests(request):
    loop = asyncio.events._get_running_loop()
    if loop is None or request.node.get_closest_marker("browser") is not None:
        yield
        return
    asyncio.events._set_running_loop(None)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(loop)
