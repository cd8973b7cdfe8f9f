"""JupyterLab for the course: the settings it opens with and the command that starts it.

``rothman lab --lang id`` (and ``make lab COURSE_LANG=id``) starts JupyterLab on the
notebooks of a checkout with a settings folder of its own, written each time: JupyterLab's
menus in the course language (its Indonesian language pack, ``jupyterlab-language-pack-id-id``,
is a dependency of the ``lab`` extra), no pop-up asking to fetch Jupyter news, which would
cover a corner of every screen, and a file browser that follows the notebook in front. It
opens with the file browser folded away (:func:`write_start_workspace`): the notebook has
the whole width, which a phone needs, and the folder tab on the left opens the browser. Its
terminals run with the course's Python first on ``PATH`` (see :func:`lab_environment`), so
that ``rothman`` and ``python -m rothman`` work there as they do where the course started.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import site
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from rothman.core.files import OutputExistsError, write_new_file
from rothman.core.i18n import check_lang, string_keys, text

#: JupyterLab's locale for each course language (the language pack's name).
LAB_LOCALES: Mapping[str, str] = {"en": "en", "id": "id_ID"}

#: No news pop-up and no update check (the same settings as the browser tests use).
NOTIFICATION_SETTINGS: Mapping[str, object] = {"fetchNews": "false", "checkForUpdates": False}

#: No build check: the course never rebuilds JupyterLab, and the check runs Node.js (the
#: package manager's configuration) on the server for every page a student opens.
PAGE_CONFIG: Mapping[str, object] = {"buildCheck": False, "buildAvailable": False}
#: The command-line option that gives JupyterLab's pages ``PAGE_CONFIG`` (the browser tests
#: start their JupyterLab with it too). A dictionary option is read as a Python literal.
PAGE_CONFIG_OPTION = "--ServerApp.tornado_settings=" + repr({"page_config_data": dict(PAGE_CONFIG)})
#: The command that starts the course's JupyterLab server (:mod:`rothman.classroom.lab_main`);
#: the browser tests start theirs with it too.
LAB_SERVER = (sys.executable, "-m", "rothman.classroom.lab_main")


def notebook_file(source: str, lang: str) -> str:
    """The file name (``.ipynb``) of the course notebook built from ``source`` in ``lang``.

    Each language names its notebooks in its own words, so that the file browser and the
    tabs read in the course language and the two languages' tabs never share a name.

    Examples:
        >>> notebook_file("01_start_here", "en"), notebook_file("01_start_here", "id")
        ('01_start_here.ipynb', '01_mulai_di_sini.ipynb')
    """
    if f"notebook_file_{source}" not in string_keys():
        return f"{source}.ipynb"  # a notebook not named per language yet
    return text(f"notebook_file_{source}", lang) + ".ipynb"


def lab_settings(lang: str) -> dict[str, dict]:
    """JupyterLab user settings for the course in ``lang``, file name -> content.

    Examples:
        >>> settings = lab_settings("id")
        >>> settings["@jupyterlab/translation-extension/plugin.jupyterlab-settings"]
        {'locale': 'id_ID'}
        >>> settings["@jupyterlab/apputils-extension/notification.jupyterlab-settings"]
        {'fetchNews': 'false', 'checkForUpdates': False}
    """
    check_lang(lang)
    return {
        "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {
            "locale": LAB_LOCALES[lang]
        },
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": dict(
            NOTIFICATION_SETTINGS
        ),
        # the file browser follows the notebook in front: after a notebook's link to its
        # other language, it shows that language's folder, not the one left behind
        "@jupyterlab/filebrowser-extension/browser.jupyterlab-settings": {
            "navigateToCurrentDirectory": True
        },
    }


def write_lab_settings(folder: Path, lang: str) -> Path:
    """Write :func:`lab_settings` as JupyterLab user settings under ``folder``; return it.

    Examples:
        >>> import tempfile, pathlib
        >>> folder = write_lab_settings(pathlib.Path(tempfile.mkdtemp()), "id")
        >>> print((folder / "@jupyterlab/translation-extension/plugin.jupyterlab-settings")
        ...       .read_text(encoding="utf-8"))
        {"locale": "id_ID"}
    """
    for name, value in lab_settings(lang).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        # written whole, then renamed: a JupyterLab starting at the same moment on the same
        # folder (a second `rothman lab`) never reads half a file
        fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(value))
        os.replace(temporary, target)
    return folder


#: JupyterLab's layout at the course's first start: the left side bar folded, nothing open but
#: the notebook the address names. JupyterLab saves the student's own layout over it.
START_LAYOUT: Mapping[str, object] = {
    "data": {
        "layout-restorer:data": {
            "main": {"dock": None},
            "left": {"collapsed": True, "visible": True, "widgets": ["filebrowser"]},
        }
    },
    "metadata": {"id": "default"},
}


def write_start_workspace(folder: Path) -> Path:
    """Write JupyterLab's default workspace as :data:`START_LAYOUT` into ``folder``, unless
    there is one already (the student's layout is never replaced); return the file.

    Examples:
        >>> import json, pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> path = write_start_workspace(folder)
        >>> json.loads(path.read_text())["data"]["layout-restorer:data"]["left"]["collapsed"]
        True
        >>> _ = path.write_text("{}")  # JupyterLab saved the student's layout
        >>> write_start_workspace(folder).read_text()
        '{}'
    """
    from jupyterlab_server.workspaces_handler import WORKSPACE_EXTENSION, slugify

    path = folder / (slugify("default") + WORKSPACE_EXTENSION)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        write_new_file(path, json.dumps(START_LAYOUT))
    except OutputExistsError:
        pass
    return path


def settings_dir(notebooks: Path, lang: str) -> Path:
    """Where ``rothman lab`` keeps its settings: beside the notebooks, one folder per language."""
    return notebooks.parent / ".lab" / lang / "settings"


def lab_environment(base: Mapping[str, str]) -> dict[str, str]:
    """The environment JupyterLab starts with: its terminals find this course's Python.

    The folder of the running Python (a virtual environment's ``bin``, with ``python`` and
    ``rothman`` in it) comes first on ``PATH``; ``VIRTUAL_ENV`` names the environment; and
    when this ``rothman`` is not installed in it (a checkout on ``PYTHONPATH``), its folder is
    put on ``PYTHONPATH``.

    Examples:
        >>> env = lab_environment({"PATH": "/usr/bin"})
        >>> env["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)
        True
    """
    env = dict(base)
    here = os.path.dirname(sys.executable)
    rest = [p for p in env.get("PATH", os.defpath).split(os.pathsep) if p and p != here]
    env["PATH"] = os.pathsep.join([here, *rest])
    if sys.prefix != sys.base_prefix:
        env["VIRTUAL_ENV"] = sys.prefix
    package_parent = str(Path(__file__).resolve().parents[2])
    if package_parent not in {str(Path(p).resolve()) for p in site.getsitepackages()}:
        paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        if package_parent not in paths:
            env["PYTHONPATH"] = os.pathsep.join([package_parent, *paths])
    return env


def terminal_command(folder: Path) -> list[str]:
    """The shell command of JupyterLab's terminals; a start-up file for it goes in ``folder``.

    Not a login shell (JupyterLab's choice when it has no terminal of its own): that reads
    ``/etc/profile``, which sets ``PATH`` afresh. Bash reads the user's ``~/.bashrc`` and
    then puts the course's Python first again, since a ``.bashrc`` often puts another Python
    (pyenv, conda) first.
    """
    shell = os.environ.get("SHELL") or shutil.which("bash") or shutil.which("sh") or "sh"
    if Path(shell).name != "bash":
        return [shell]
    here = shlex.quote(os.path.dirname(sys.executable))
    start = folder / "terminal.bashrc"
    folder.mkdir(parents=True, exist_ok=True)
    start.write_text(
        f'[ -f ~/.bashrc ] && . ~/.bashrc\nexport PATH={here}:"$PATH"\n', encoding="utf-8"
    )
    return [shell, "--rcfile", str(start)]


def lab_command(notebooks: Path, lang: str, port: int) -> list[str]:
    """The command line that serves ``notebooks`` with JupyterLab, opened on the course start.

    Writes the settings folder first (see :func:`write_lab_settings`). Start it with
    :func:`lab_environment`.
    """
    check_lang(lang)
    settings = write_lab_settings(settings_dir(notebooks, lang), lang)
    command = [
        *LAB_SERVER,
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.root_dir={notebooks}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={write_start_workspace(settings.parent / 'workspaces').parent}",
        "--ServerApp.terminado_settings="
        + json.dumps({"shell_command": terminal_command(settings.parent)}),
        PAGE_CONFIG_OPTION,
    ]
    start = notebooks / lang / notebook_file("01_start_here", lang)
    if start.is_file():
        command.append(f"--LabApp.default_url=/lab/tree/{lang}/{start.name}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses root unless told
    return command
