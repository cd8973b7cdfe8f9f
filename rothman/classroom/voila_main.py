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

from rothman.classroom.kernel_main import KERNELSPEC_PATH, leave_out

#: Optional imports of the server's libraries that the course's servers leave out (Voilà here,
#: JupyterLab in :mod:`rothman.classroom.lab_main`).
LEFT_OUT = ("rfc3987_syntax",)


def main() -> None:
    leave_out(LEFT_OUT)
    search = [str(KERNELSPEC_PATH), *filter(None, [os.environ.get("JUPYTER_PATH")])]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(search)
    from voila.app import main as voila

    voila()


if __name__ == "__main__":
    main()
