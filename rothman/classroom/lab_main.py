"""The course's JupyterLab: ``python -m jupyterlab``, without a grammar compiler it never uses.

``python -m rothman.classroom.lab_main ARGS`` runs JupyterLab as ``python -m jupyterlab ARGS``
does, except that jsonschema's optional check of IRIs is not imported (the same package that
:mod:`rothman.classroom.voila_main` leaves out, for the same reason): importing JupyterLab's
server took 1.4 s of processor time with it and 0.4 s without, at every ``rothman lab``.
Its kernels are JupyterLab's own, with the debugger its panel offers.

A kernel that dies is restarted on new ports (``SERVER_OPTIONS``, see
:mod:`rothman.classroom.voila_main`).
"""

from __future__ import annotations

import sys

from rothman.classroom.kernel_main import leave_out
from rothman.classroom.voila_main import LEFT_OUT, SERVER_OPTIONS


def main() -> None:
    leave_out(LEFT_OUT)
    from jupyterlab.labapp import main as lab

    sys.exit(lab(argv=[*SERVER_OPTIONS, *sys.argv[1:]]))


if __name__ == "__main__":
    main()
