"""Weil & Gamble's eight models compared on their five dimensions: every cell in both
languages, the sources, and the mark that says the cells are recalled, not checked."""

import copy
import html

import pytest
import yaml

import rothman
from rothman.core.critiques import WG_DIMENSIONS
from rothman.core.data import data_dir

#: Every cell, as the course words it: (desired outcome, system targeted, primary
#: constituency, scope of concern, practitioner roles), English then Indonesian.
CELLS = {
    "neighbourhood_community_organizing": (
        (
            "Residents gain the capacity to organize and to influence planning and outside development that affect their area.",
            "City or municipal government, outside developers, and the residents themselves.",
            "Residents of a neighbourhood, a parish or a rural county.",
            "The quality of life in the area.",
            "Organizer, teacher, coach, facilitator.",
        ),
        (
            "Warga memiliki kemampuan untuk berorganisasi dan memengaruhi perencanaan serta pembangunan dari luar yang berdampak pada wilayahnya.",
            "Pemerintah kota atau kabupaten, pengembang dari luar, dan warga sendiri.",
            "Warga suatu lingkungan permukiman, paroki, atau wilayah perdesaan setingkat kabupaten.",
            "Mutu kehidupan di wilayah itu.",
            "Pengorganisasi, pengajar, pelatih, fasilitator.",
        ),
    ),
    "organizing_functional_communities": (
        (
            "People who share an interest or condition, rather than a place, act for social justice through advocacy and by changing attitudes and behaviour.",
            "The general public and government institutions.",
            "Like-minded people spread across a region, a nation or the world.",
            "Advocacy for a particular issue or population group.",
            "Organizer, advocate, writer and communicator, facilitator.",
        ),
        (
            "Orang-orang yang memiliki kepentingan atau kondisi yang sama, bukan tempat tinggal yang sama, memperjuangkan keadilan sosial melalui advokasi serta perubahan sikap dan perilaku.",
            "Masyarakat luas dan lembaga pemerintah.",
            "Orang-orang yang sepaham, tersebar di suatu wilayah, suatu negara, atau seluruh dunia.",
            "Advokasi bagi isu atau kelompok penduduk tertentu.",
            "Pengorganisasi, advokat (pembela), penulis dan komunikator, fasilitator.",
        ),
    ),
    "community_social_economic_development": (
        (
            "Development plans start from the grassroots, and residents are prepared to make good use of social and economic investment.",
            "Banks, foundations and outside developers, and the community's own citizens.",
            "Low-income, marginalised or oppressed groups in a city or a region.",
            "More income, resources and social support; better education and leadership skills.",
            "Negotiator, promoter, teacher, planner, manager.",
        ),
        (
            "Rencana pembangunan berangkat dari akar rumput, dan warga dipersiapkan untuk memanfaatkan investasi sosial dan ekonomi dengan baik.",
            "Bank, yayasan, dan pengembang dari luar, serta warga komunitas itu sendiri.",
            "Kelompok berpenghasilan rendah, terpinggirkan, atau tertindas di suatu kota atau wilayah.",
            "Bertambahnya pendapatan, sumber daya, dan dukungan sosial; pendidikan dan keterampilan kepemimpinan yang lebih baik.",
            "Negosiator (perunding), promotor, pengajar, perencana, manajer.",
        ),
    ),
    "social_planning": (
        (
            "Proposals for action across a city or region, put forward for decision by elected bodies or human-service planning councils.",
            "The views of community leaders and of the leaders of human services.",
            "Elected officials, social agencies and inter-agency organisations.",
            "Building social needs into the planning of a geographic area, and coordinating the network of human services.",
            "Researcher, proposal writer, communicator, manager.",
        ),
        (
            "Usulan tindakan berskala kota atau wilayah yang diajukan untuk diputuskan oleh lembaga perwakilan terpilih atau dewan perencanaan layanan kemanusiaan.",
            "Pandangan para pemimpin komunitas dan para pemimpin layanan kemanusiaan.",
            "Pejabat terpilih, lembaga sosial, dan organisasi antarlembaga.",
            "Memasukkan kebutuhan sosial ke dalam perencanaan suatu wilayah, dan mengoordinasikan jaringan layanan kemanusiaan.",
            "Peneliti, penulis proposal, komunikator, manajer.",
        ),
    ),
    "program_development_community_liaison": (
        (
            "An agency expands or redirects its programmes, or starts new services, so that they serve the community more effectively.",
            "Those who fund the agency's programmes, and the people the programmes serve.",
            "The agency's board or administrators, and representatives of the community.",
            "Developing services for a particular population.",
            "Spokesperson, planner, manager, proposal writer.",
        ),
        (
            "Lembaga memperluas atau mengarahkan ulang programnya, atau membuka layanan baru, agar melayani komunitas secara lebih efektif.",
            "Penyandang dana program lembaga, dan orang-orang yang dilayani program itu.",
            "Pengurus atau pimpinan lembaga, dan wakil-wakil komunitas.",
            "Pengembangan layanan bagi kelompok penduduk tertentu.",
            "Juru bicara, perencana, manajer, penulis proposal.",
        ),
    ),
    "political_social_action": (
        (
            "Action for social justice aimed at changing policies or the people who make them.",
            "Voters, elected officials, and people not yet active who could take part.",
            "The citizens of a political jurisdiction.",
            "Building political power and changing institutions.",
            "Advocate, organizer, researcher, candidate for office.",
        ),
        (
            "Aksi untuk keadilan sosial yang bertujuan mengubah kebijakan atau para pembuat kebijakan.",
            "Pemilih, pejabat terpilih, dan orang-orang yang belum aktif tetapi dapat ikut serta.",
            "Warga negara di suatu wilayah pemerintahan.",
            "Membangun kekuatan politik dan mengubah lembaga.",
            "Advokat (pembela), pengorganisasi, peneliti, calon dalam pemilihan.",
        ),
    ),
    "coalitions": (
        (
            "Several organizations build a shared power base strong enough to influence programmes or obtain resources.",
            "Elected officials, foundations and government institutions.",
            "Organisations with a stake in the issue.",
            "One defined issue tied to a social need.",
            "Mediator, negotiator, spokesperson.",
        ),
        (
            "Beberapa organisasi membangun basis kekuatan bersama yang cukup besar untuk memengaruhi arah program atau memperoleh sumber daya.",
            "Pejabat terpilih, yayasan, dan lembaga pemerintah.",
            "Organisasi-organisasi yang berkepentingan dengan isu itu.",
            "Satu isu tertentu yang berkaitan dengan kebutuhan sosial.",
            "Mediator, negosiator (perunding), juru bicara.",
        ),
    ),
    "social_movements": (
        (
            "Action for social justice that offers a new way of seeing a particular group or issue.",
            "The general public and political systems.",
            "Leaders and organisations able to create new visions and images.",
            "Social justice within the society.",
            "Advocate, facilitator.",
        ),
        (
            "Aksi untuk keadilan sosial yang menawarkan cara pandang baru terhadap kelompok atau isu tertentu.",
            "Masyarakat luas dan sistem politik.",
            "Para pemimpin dan organisasi yang mampu menciptakan visi dan citra baru.",
            "Keadilan sosial di dalam masyarakat.",
            "Advokat (pembela), fasilitator.",
        ),
    ),
}
HEADINGS = {
    "en": [
        "Desired outcome",
        "System targeted for change",
        "Primary constituency",
        "Scope of concern",
        "Practitioner roles",
        "Confidence",
        "Source",
    ],
    "id": [
        "Hasil yang diharapkan",
        "Sistem sasaran perubahan",
        "Konstituen utama",
        "Cakupan perhatian",
        "Peran praktisi",
        "Tingkat kepastian",
        "Sumber",
    ],
}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_all_eight_models_on_all_five_dimensions(lang):
    table = rothman.weil_gamble_comparison(lang)
    assert table.attrs["keys"] == list(CELLS)
    assert list(table.columns) == HEADINGS[lang]
    assert list(table.index) == list(rothman.weil_gamble(lang).index)
    for key, row in zip(table.attrs["keys"], table.itertuples(index=False)):
        assert tuple(row[:5]) == CELLS[key][0 if lang == "en" else 1], key


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_cell_is_marked_recalled_and_cites_both_works(lang):
    table = rothman.weil_gamble_comparison(lang)
    mark = rothman.text("confidence_code_U", lang)
    assert set(table.iloc[:, 5]) == {mark}
    assert set(table.iloc[:, 6]) == {rothman.cite("weil_gamble_1995; gamble_weil_2010", lang)}
    raw = yaml.safe_load((data_dir() / "critiques.yaml").read_text(encoding="utf-8"))
    for entry in raw["weil_gamble"]:
        assert entry["source"] == "weil_gamble_1995; gamble_weil_2010"
        assert entry["confidence"] == "U" and "not checked" in entry["note"]
        assert set(WG_DIMENSIONS) <= set(entry)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_reader_sees_the_mark_and_what_to_check(lang):
    page = rothman.style_table(rothman.weil_gamble_comparison(lang)).to_html()
    mark = rothman.text("confidence_code_U", lang)
    caption = html.escape(rothman.text("course_wg_comparison_caption", lang), quote=False)
    assert caption in page and f"{rothman.text('course_confidence', lang)}: {mark}." in page
    sources = html.escape(rothman.cite("weil_gamble_1995; gamble_weil_2010", lang), quote=False)
    assert f"{rothman.text('source', lang)}: {sources}." in page
    # every cell is shown as text: escaped, and read back the same
    shown = html.unescape(page)
    for cells in CELLS.values():
        for cell in cells[0 if lang == "en" else 1]:
            assert f">{cell}</td>" in shown


def test_markup_in_a_cell_stays_text(monkeypatch):
    from rothman.core import critiques as module

    raw = copy.deepcopy(module._critiques_file())
    raw["weil_gamble"][0]["scope_of_concern"]["en"] = "<script>alert(1)</script>"
    monkeypatch.setattr(module, "_critiques_file", lambda: raw)
    page = rothman.style_table(rothman.weil_gamble_comparison("en")).to_html()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_critiques_notebook_shows_the_comparison_in_both_languages():
    cells = yaml.safe_load(
        (data_dir().parent / "notebooks" / "source" / "07_critiques.yaml").read_text("utf-8")
    )
    code = [c["code"] for c in cells if "code" in c]
    assert "rothman.style_table(rothman.weil_gamble_comparison(LANG))\n" in code
