"""JupyterLab as `rothman lab --lang id` opens it: Indonesian menus and the language links.

The server runs with the settings `rothman lab` writes (rothman.lab.write_lab_settings), in a
real JupyterLab with the Indonesian language pack installed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from rothman.classroom.lab import notebook_file, write_lab_settings

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from harness import ServerStartError, jupyterlab, outside  # noqa: E402

pytestmark = pytest.mark.browser

# The menu names the Indonesian notebooks quote (notebooks/source/01_start_here.yaml and
# 08_lecturer_guide.yaml), as the language pack shows them: menu title -> a command in it.
# If the pack changes its wording, this test fails and the notebooks must follow.
QUOTED = {
    ("Run", None): "Menjalakan Semua Sel",
    ("Kernel", None): "Dimulai lagi kernel and Menjalakan Semua Sel…",
    ("View", "Appearance"): "Mode Presentasi",
    ("Settings", None): "Language",
}


@pytest.fixture(scope="module")
def course_lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab-id")
    root = work / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    try:
        with jupyterlab(root, work) as lab:
            write_lab_settings(work / "lab-settings", "id")  # what `rothman lab --lang id` adds
            yield lab
    except ServerStartError as exc:
        pytest.fail(str(exc))


def open_notebook(page, lab, path: str) -> None:
    page.route(outside(), lambda route: route.abort())
    page.goto(lab.page_url(path))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_function(
        "() => (document.querySelector('#jp-main-statusbar')?.textContent || '').includes('Idle')",
        timeout=90_000,
    )


def tab_labels(page) -> list[str]:
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tabLabel").all_inner_texts()


def current_tab(page) -> str:
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current").first.inner_text()


def folder_shown(page) -> str:
    return page.locator("#filebrowser .jp-BreadCrumbs").first.inner_text().strip()


def test_indonesian_menus_are_those_the_notebooks_quote(course_lab, browser, shoot):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        open_notebook(page, course_lab, f"id/{notebook_file('01_start_here', 'id')}")
        # the pack translates the commands (the file browser's column too) ...
        assert page.locator("#filebrowser").get_by_text("Nama", exact=True).count() == 1
        for (title, submenu), command in QUOTED.items():
            page.locator(".lm-MenuBar-item", has_text=title).first.click()
            page.locator(".lm-Menu:visible").first.wait_for()
            if submenu:
                page.locator(".lm-Menu:visible .lm-Menu-item", has_text=submenu).first.hover()
                page.locator(".lm-Menu:visible").nth(1).wait_for()
            items = page.locator(".lm-Menu:visible .lm-Menu-itemLabel").all_inner_texts()
            assert command in items, (title, items)
            shoot(page, f"menu-{title}")
            while page.locator(".lm-Menu:visible").count():  # a submenu closes first
                page.keyboard.press("Escape")
        # ... and no news pop-up covers the page
        assert page.locator(".jp-toast-container .Toastify__toast").count() == 0
    finally:
        page.close()


@pytest.mark.parametrize("start_lang", ["en", "id"])
def test_the_language_link_opens_a_tab_of_its_own_name_and_the_file_browser_follows(
    course_lab, browser, shoot, start_lang
):
    other = "id" if start_lang == "en" else "en"
    here = notebook_file("03_model_explorer", start_lang)
    there = notebook_file("03_model_explorer", other)
    assert here != there
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        open_notebook(page, course_lab, f"{start_lang}/{here}")
        assert folder_shown(page).strip("/").endswith(start_lang)
        link = page.locator(f'.jp-RenderedMarkdown a[href*="{there}"]').first
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_function(
            f"() => [...document.querySelectorAll('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current')]"
            f".some(t => t.textContent.includes('{there}'))",
            timeout=60_000,
        )
        labels = tab_labels(page)
        assert len(labels) == len(set(labels)), labels  # no two tabs share a name
        assert current_tab(page).strip() == there
        page.wait_for_function(
            "(lang) => (document.querySelector('#filebrowser .jp-BreadCrumbs')?.textContent || '')"
            ".replace(/\\//g, '').trim().endsWith(lang)",
            arg=other,
            timeout=15_000,
        )
        shoot(page, "after-link")
    finally:
        page.close()
