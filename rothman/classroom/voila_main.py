"""Presentation mode's Voilà: ``python -m voila``, without a grammar compiler it never uses.

``python -m rothman.classroom.voila_main ARGS`` runs Voilà as ``python -m voila ARGS`` does,
except that jsonschema's optional check of IRIs (the package ``rfc3987_syntax``, which the
Jupyter server's event logging pulls in) is not imported. On import that package builds 38
Lark grammars: a second of processor time, two thirds of Voilà's start, before the server
listens (and before a class's first kernel can start). The server never checks an IRI: its event
schemas ask for no ``iri`` format (``uri`` is checked by another package, still loaded).

Its kernels start through :mod:`rothman.classroom.kernel_main`, without the debugger a page
never uses: the kernel specification of that module comes first on ``JUPYTER_PATH``.
"""

from __future__ import annotations

import os
import sys

from rothman.classroom.kernel_main import KERNELSPEC_PATH, leave_out

#: Optional imports of the server's libraries that the course's servers leave out (Voilà here,
#: JupyterLab in :mod:`rothman.classroom.lab_main`).
LEFT_OUT = ("rfc3987_syntax",)
#: Options the course's servers (Voilà here, JupyterLab in :mod:`rothman.classroom.lab_main`)
#: run with, before those of their command line. A kernel that dies is restarted on new ports:
#: a kernel's ports are chosen free and bound by the kernel a moment later, and on a busy
#: machine another program can take one meanwhile (``Address already in use``, seen in a
#: loaded test run); with jupyter_client's port cache, on by default, every restart tried the
#: same taken port, and the kernel was given up as dead after five.
SERVER_OPTIONS = ("--KernelManager.cache_ports=False",)


def main() -> None:
    leave_out(LEFT_OUT)
    search = [str(KERNELSPEC_PATH), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(search)
    from voila.app import main as voila

    voila(argv=[*SERVER_OPTIONS, *sys.argv[1:]])


if __name__ == "__main__":
    main()
