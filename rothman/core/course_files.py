"""Where the course notebooks are: in a checkout, or inside the installed package.

A built wheel carries ``notebooks/en``, ``notebooks/id``, ``notebooks/present`` and the
example folder of own cases ``notebooks/my_cases`` as ``rothman/notebooks``, and the data (with the case files) as ``rothman/data``. Presentation
mode serves the packaged notebooks as they are (Voilà writes nothing); JupyterLab gets a copy
in the current folder, since students change and save their notebooks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rothman.core.data import data_dir
from rothman.core.errors import RothmanError

_HERE = Path(__file__).resolve().parents[1]
#: The folder ``rothman lab`` copies the course into when it runs from an installed package.
COPY_NAME = "rothman-course"
_LANG_FOLDERS = ("en", "id")
#: Beside the notebooks: the example of a lecturer's own cases (``../my_cases`` from them).
_EXAMPLES = "my_cases"


def packaged_notebooks() -> Path | None:
    """The notebooks inside the installed package, if it carries them."""
    folder = _HERE / "notebooks"
    return folder if folder.is_dir() else None


def checkout_notebooks() -> Path | None:
    """The ``notebooks/`` folder of a checkout this package runs from, if any."""
    folder = _HERE.parent / "notebooks"
    return folder if (folder / "present").is_dir() else None


def notebooks_root() -> Path | None:
    """The folder holding ``en/``, ``id/`` and ``present/``: the checkout's, else the package's.

    Examples:
        >>> root = notebooks_root()
        >>> root is None or (root / "en" / "01_start_here.ipynb").is_file()
        True
    """
    return checkout_notebooks() or packaged_notebooks()


def lab_root(where: Path) -> tuple[Path, bool] | None:
    """The folder JupyterLab opens, and whether it was just copied there.

    From a checkout: its ``notebooks/`` folder. From an installed package: ``where /
    rothman-course/notebooks``, copied from the package the first time (with the example
    ``my_cases`` folder, and the case files beside it in ``rothman-course/data/cases``, where
    the lecturer's guide looks for them) and left as it is afterwards, so that students' work
    is never overwritten; only a missing ``my_cases`` is added to an older copy.
    """
    checkout = checkout_notebooks()
    if checkout is not None:
        return checkout, False
    packaged = packaged_notebooks()
    if packaged is None:
        return None
    course = Path(where) / COPY_NAME
    target = course / "notebooks"
    copied = not target.is_dir()
    folders = (*_LANG_FOLDERS, _EXAMPLES) if copied else (_EXAMPLES,)
    try:
        for name in folders:
            if (packaged / name).is_dir() and not (target / name).exists():
                shutil.copytree(packaged / name, target / name)
        if copied:
            shutil.copytree(data_dir() / "cases", course / "data" / "cases", dirs_exist_ok=True)
    except OSError as exc:
        raise RothmanError("error_write_file", file=course, problem=exc.strerror or exc) from None
    return target, copied
