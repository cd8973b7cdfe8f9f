"""Build the course notebooks, one per language, from their single source.

Each ``notebooks/source/NN_name.yaml`` is a list of cells:

- a Markdown cell gives its text once per language: ``{en: "...", id: "..."}``;
- a code cell gives one ``code:`` source for every language, where ``{lang}`` stands for
  the language code (``LANG = "{lang}"``); optional ``tags:`` become cell tags.

The script writes ``notebooks/<lang>/<file>.ipynb`` for every language the library
supports, the file named in that language (``rothman.classroom.lab.notebook_file``: the
``notebook_file_NN_name`` strings, else ``NN_name``): nbformat 4, no outputs, deterministic
cell ids and bytes, so running it twice gives identical files and the languages cannot drift
apart. A Markdown link to another notebook is written with its source name, ``(NN_name.ipynb)``
or ``(../<lang>/NN_name.ipynb)``, and points to that notebook's file in the link's language.

Usage::

    python scripts/build_notebooks.py           # write the notebooks
    python scripts/build_notebooks.py --check   # exit 1 if a written notebook is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOURCES = NOTEBOOKS / "source"
PLACEHOLDER = "{lang}"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def languages() -> tuple[str, ...]:
    """The languages to build: those the library supports."""
    sys.path.insert(0, str(ROOT))
    from rothman.core.i18n import LANGS

    return LANGS


def file_name(stem: str, lang: str) -> str:
    """The notebook file built from source ``stem`` in ``lang``."""
    from rothman.classroom.lab import notebook_file

    return notebook_file(stem, lang)


_LINK = re.compile(r"\]\((?:\.\./(?P<lang>[a-z]{2})/)?(?P<stem>\d\d_\w+)\.ipynb")


def relink(markdown: str, lang: str, stems: set[str]) -> str:
    """Point links to course notebooks at their files in the link's language."""

    def target(match: re.Match) -> str:
        if match["stem"] not in stems:
            return match[0]
        other = match["lang"]
        name = file_name(match["stem"], other or lang)
        return f"](../{other}/{name}" if other else f"]({name}"

    return _LINK.sub(target, markdown)


def language_links(stem: str, lang: str, langs: tuple[str, ...]) -> str:
    """The line that opens the same notebook in each other language, for its first cell."""
    from rothman.core.i18n import text

    lines = []
    for other in langs:
        if other != lang:
            name = file_name(stem, other)
            language = text(f"language_called_{other}", lang)
            language = language[0].lower() + language[1:] if lang == "id" else language
            lines.append(
                text(
                    "notebook_language_link",
                    lang,
                    language=language,
                    file=name,
                    path=f"../{other}/{name}",
                )
            )
    return "  \n".join(lines)


def with_language_links(body: str, stem: str, lang: str, langs: tuple[str, ...]) -> str:
    """``body`` (a notebook's first Markdown cell) with the language links under its title."""
    links = language_links(stem, lang, langs)
    title, _, rest = body.partition("\n")
    if not title.startswith("# "):
        return f"{links}\n\n{body}"
    return f"{title}\n\n{links}\n{rest}"


class SourceError(ValueError):
    """A notebook source that does not follow the format above."""


def read_source(path: Path, langs: tuple[str, ...]) -> list[dict]:
    """The cells of one source file, checked: every Markdown cell in every language."""
    from rothman.core.data import parse_yaml

    cells = parse_yaml(path.read_bytes(), path.name)  # libyaml's safe loader where it is there
    if not isinstance(cells, list) or not cells:
        raise SourceError(f"{path.name}: expected a non-empty list of cells")
    for number, cell in enumerate(cells, start=1):
        where = f"{path.name}, cell {number}"
        if not isinstance(cell, dict):
            raise SourceError(f"{where}: expected a mapping")
        if "code" in cell:
            unknown = set(cell) - {"code", "tags"}
            if unknown or not isinstance(cell["code"], str) or not cell["code"].strip():
                raise SourceError(f"{where}: a code cell has one non-empty 'code' (and 'tags')")
        else:
            if set(cell) != set(langs):
                raise SourceError(f"{where}: a Markdown cell needs exactly {', '.join(langs)}")
            for lang in langs:
                if not isinstance(cell[lang], str) or not cell[lang].strip():
                    raise SourceError(f"{where}: the '{lang}' text is empty")
    return cells


def build(path: Path, lang: str, langs: tuple[str, ...]) -> str:
    """The notebook of ``path`` in ``lang``, as the exact text written to disk."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "rothman": {"lang": lang, "source": f"notebooks/source/{path.name}"},
    }
    first_text = True
    for number, cell in enumerate(read_source(path, langs), start=1):
        if "code" in cell:
            new = nbformat.v4.new_code_cell(cell["code"].rstrip("\n").replace(PLACEHOLDER, lang))
            if cell.get("tags"):
                new.metadata["tags"] = list(cell["tags"])
        else:
            stems = {p.stem for p in SOURCES.glob("*.yaml")}
            body = relink(cell[lang].rstrip("\n"), lang, stems)
            if first_text:  # the way to the other languages, at the top of the notebook
                body = with_language_links(body, path.stem, lang, langs)
                first_text = False
            new = nbformat.v4.new_markdown_cell(body)
        new.id = f"cell-{number:02d}"
        nb.cells.append(new)
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def targets(langs: tuple[str, ...]) -> dict[Path, str]:
    """Every notebook the sources produce, path -> text."""
    out = {}
    for path in sorted(SOURCES.glob("*.yaml")):
        for lang in langs:
            out[NOTEBOOKS / lang / file_name(path.stem, lang)] = build(path, lang, langs)
    return out


def stale(langs: tuple[str, ...], wanted: dict[Path, str]) -> list[Path]:
    """Notebooks in the language folders that no source produces any more."""
    found = {p for lang in langs for p in (NOTEBOOKS / lang).glob("*.ipynb")}
    return sorted(found - set(wanted))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date notebooks")
    args = parser.parse_args(argv)
    langs = languages()
    wanted = targets(langs)
    differ = [p for p, t in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != t]
    old = stale(langs, wanted)
    if args.check:
        for path in differ:
            print(f"out of date: {path.relative_to(ROOT)}")
        for path in old:
            print(f"no source: {path.relative_to(ROOT)}")
        return 1 if differ or old else 0
    for path in differ:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path], encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(ROOT)}")
    for path in old:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
