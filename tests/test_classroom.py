"""The class server without a browser: its Voilà command and configuration, the CLI, the QR
code, and the kernel manager that releases a closed page's kernel (with real kernels)."""

import asyncio
import io
import json
import socket
import sys
from pathlib import Path

import pytest

from rothman import text
from rothman.classroom import class_server as cr
from rothman.classroom.present import presentation_dir
from rothman.cli.app import main


def run_apart(scenario):
    """Run a coroutine in a thread of its own: the browser tests of the same session keep an
    event loop running in the main thread, where ``asyncio.run`` refuses to start."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, scenario()).result(timeout=300)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_class_command_preheats_and_listens_where_asked(tmp_path):
    argv = cr.class_command("/srv/p", 9123, "127.0.0.1", tmp_path)
    assert argv[:4] == [sys.executable, "-m", "rothman.classroom.voila_main", "/srv/p"]
    # the token comes through the environment: anyone may read a command line
    assert not any("s3cret" in a or a.startswith("--token") for a in argv)
    assert cr.class_env("s3cret", "en", "127.0.0.1")["JUPYTER_TOKEN"] == "s3cret"
    for flag in (
        "--Voila.ip=127.0.0.1",
        "--port=9123",
        "--Voila.auto_token=True",
        "--strip_sources=True",
        "--TagRemovePreprocessor.remove_cell_tags=lecturer",
        "--preheat_kernel=True",
        f"--Voila.config_file_paths={tmp_path}",
    ):
        assert flag in argv
    assert sum(a.startswith("--Voila.ip=") for a in argv) == 1
    assert not any(a.startswith("--MappingKernelManager.") for a in argv)


def test_voila_reads_the_class_configuration(tmp_path):
    """Voilà itself parses the command line and the written file as meant."""
    voila_app = pytest.importorskip("voila.app")
    from voila.configuration import VoilaConfiguration

    (tmp_path / "voila.json").write_text(json.dumps(cr.pool_config(7)))
    app = voila_app.Voila()
    argv = cr.class_command(presentation_dir(), 9123, "0.0.0.0", tmp_path)[3:]
    app.parse_command_line(argv)
    app.load_config_file("voila", path=app.config_file_paths)
    assert app.ip == "0.0.0.0" and app.config_file_paths == [str(tmp_path)]
    conf = VoilaConfiguration(parent=app)
    assert conf.preheat_kernel is True
    assert conf.multi_kernel_manager_class.__name__ == "ClassroomKernelManager"
    pools = app.config.VoilaKernelManager.kernel_pools_config
    # one view, one pool the size of the class and its headroom; no pool for the others
    assert pools == {"class.ipynb": {"pool_size": 7 + 2}, "default": {"pool_size": 0}}
    assert app.config.ClassroomKernelManager.release_after == cr.RELEASE_AFTER
    assert app.config.ClassroomKernelManager.class_size == 7
    assert app.config.MappingKernelManager.cull_idle_timeout == cr.CULL_AFTER


@pytest.mark.parametrize("size", [0, -3, cr.MAX_CLASS + 1])
def test_bad_class_size(size):
    code, out, err = run("present", "--class", str(size))
    assert code == 2 and out == "" and str(size) in err and str(cr.MAX_CLASS) in err
    assert "Traceback" not in err


def test_class_size_not_a_number():
    code, _, err = run("present", "--class", "thirty")
    assert code == 2 and "thirty" in err


@pytest.mark.parametrize("lang", ["en", "id"])
def test_bad_ip(lang):
    code, _, err = run("present", "--class", "3", "--ip", "the-lab", "--lang", lang)
    assert code == 2 and text("cli_bad_ip", lang, value="the-lab") in err


def test_ip_not_of_this_computer():
    # TEST-NET-1 (RFC 5737): never an address of this machine
    code, _, err = run("present", "--class", "3", "--ip", "192.0.2.1")
    assert code == 2 and text("cli_bad_ip", "en", value="192.0.2.1") in err


def test_ip_needs_class():
    code, _, err = run("present", "--ip", "0.0.0.0")
    assert code == 2 and text("cli_ip_needs_class", "en") in err


def test_busy_port_on_the_address():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        code, _, err = run("present", "--class", "2", "--port", str(port))
    assert code == 2 and text("cli_port_busy_ip", "en", port=port, ip="127.0.0.1") in err


@pytest.mark.parametrize("lang", ["en", "id"])
def test_help_names_the_options(lang, capsys):
    with pytest.raises(SystemExit):
        main(["present", "--help", "--lang", lang])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--class N" in help_text and "--ip ADDRESS" in help_text
    assert " ".join(text("cli_class_help", lang).split()) in help_text


def decode_compact(code: str) -> list[list[int]]:
    """Read a compact terminal QR code back into modules (1 dark, 0 light).

    Light modules are drawn: a full block is two light modules, an upper half block a light
    one above a dark one, a lower half block the reverse, a space two dark ones.
    """
    halves = {"█": (0, 0), "▀": (0, 1), "▄": (1, 0), " ": (1, 1)}
    rows = []
    for line in code.splitlines():
        pairs = [halves[ch] for ch in line]
        rows.append([top for top, _ in pairs])
        rows.append([bottom for _, bottom in pairs])
    return rows


def test_the_qr_code_holds_the_link():
    segno = pytest.importorskip("segno")
    url = cr.view_urls("192.168.1.20", 8866, "abc", "id")["class"]
    want = [list(row) for row in segno.make(url, error="m").matrix]
    size = len(want)
    got = decode_compact(cr.qr_code(url))
    inner = [row[2 : 2 + size] for row in got[2 : 2 + size]]
    assert inner == want
    border = got[:2] + [row[:2] + row[2 + size :] for row in got[2 : 2 + size]]
    assert not any(any(row) for row in border), "the quiet zone must be light"
    assert decode_compact(cr.qr_code(url.replace("abc", "abd"))) != got


def test_addresses():
    assert cr.link_host("0.0.0.0") == cr.lan_address()
    assert cr.kernel_ip("0.0.0.0") == "127.0.0.1"
    urls = cr.view_urls("10.0.0.5", 8866, "t", "en")
    assert set(urls) == {"class"} and all("token=t&lang=en" in u for u in urls.values())


def test_follow_visitor_does_nothing_outside_a_preheated_kernel(monkeypatch):
    from rothman.classroom.present import Presentation

    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "lang=id")
    view = Presentation("explorer", lang="en")
    cr.follow_visitor(view)  # returns at once: no request to wait for
    assert view.inner.lang == "en"


# --- the kernel manager, with real kernels -----------------------------------------------


@pytest.fixture
def manager(tmp_path):
    pytest.importorskip("jupyter_server")
    from rothman.classroom.kernels import ClassroomKernelManager

    return ClassroomKernelManager(release_after=0.3, connection_dir=str(tmp_path))


def test_a_kernel_goes_after_its_last_page_disconnects(manager):
    async def scenario():
        gone = await manager.start_kernel()
        kept = await manager.start_kernel()
        try:
            for kid in (gone, kept):
                manager.notify_connect(kid)
            manager.notify_disconnect(gone)
            # a page that reloads reconnects in time and keeps its kernel
            manager.notify_disconnect(kept)
            manager.notify_connect(kept)
            # released 0.3 s after its page went; its shutdown takes longer on a loaded machine
            deadline = asyncio.get_running_loop().time() + 30
            while gone in manager and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.1)
            await asyncio.sleep(3 * manager.release_after)  # long past the reloaded page's
            return gone in manager, kept in manager
        finally:
            await manager.shutdown_all()

    assert run_apart(scenario) == (False, True)


def test_a_kernel_never_connected_is_not_released(manager):
    async def scenario():
        kid = await manager.start_kernel()  # a kernel waiting in the pool has had no page
        try:
            await asyncio.sleep(1.0)
            return kid in manager
        finally:
            await manager.shutdown_all()

    assert run_apart(scenario) is True


def test_page_exporters_compile_each_template_once(monkeypatch):
    """Every preheated page has an exporter of its own: its environment takes the templates
    compiled by the first one, and a template whose source changed is compiled again."""
    import jinja2

    from rothman.classroom.kernels import share_compiled_templates

    sources = {"page.html": "<p>{{ x }}</p>"}

    class Exporter:  # the shape of Voilà's: one environment per exporter
        def _create_environment(self):
            return jinja2.Environment(loader=jinja2.FunctionLoader(lambda n: sources[n]))

    compiled = []
    original = jinja2.Environment.compile

    def counting(self, *args, **kwargs):
        compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    cache = share_compiled_templates(Exporter)
    assert share_compiled_templates(Exporter) is cache
    pages = [Exporter()._create_environment() for _ in range(3)]
    assert [env.get_template("page.html").render(x=i) for i, env in enumerate(pages)] == [
        "<p>0</p>",
        "<p>1</p>",
        "<p>2</p>",
    ]
    assert compiled == ["page.html"]
    sources["page.html"] = "<b>{{ x }}</b>"
    assert Exporter()._create_environment().get_template("page.html").render(x=3) == "<b>3</b>"
    assert compiled == ["page.html", "page.html"]


def after_main(module: str, expression: str) -> str:
    """Start a server through ``rothman.classroom.<module>`` (as ``--version``, which imports
    the server and exits); the value of ``expression``, evaluated as that process exits."""
    import subprocess

    probe = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print(repr({expression})))\n"
        f"sys.argv = [{module!r}, '--version']\n"
        f"from rothman.classroom.{module} import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("module", "server"), [("voila_main", "voila.app"), ("lab_main", "jupyterlab.labapp")]
)
def test_the_servers_start_without_the_iri_grammars(module, server):
    found = after_main(
        module,
        "(sys.modules.get('rfc3987_syntax', 'absent') is None,"
        f" 'jsonschema' in sys.modules, {server!r} in sys.modules)",
    )
    assert found == "(True, True, True)"


def test_rothman_lab_and_the_browser_tests_start_the_same_server(tmp_path):
    from rothman.classroom.lab import LAB_SERVER, lab_command

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    import harness

    assert LAB_SERVER[1:] == ("-m", "rothman.classroom.lab_main")
    assert tuple(lab_command(tmp_path / "notebooks", "en", 8888)[:3]) == LAB_SERVER
    assert harness.LAB_SERVER is LAB_SERVER


def test_voila_finds_the_kernel_without_the_debugger_first():
    """Voilà (started by voila_main) finds the course's kernel specification for ``python3``,
    which starts kernels through kernel_main, before the environment's own."""
    found = after_main(
        "voila_main",
        "__import__('jupyter_client.kernelspec', fromlist=['KernelSpecManager'])"
        ".KernelSpecManager().get_kernel_spec('python3').argv[1:3]",
    )
    assert found == "['-m', 'rothman.classroom.kernel_main']"
