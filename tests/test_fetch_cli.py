"""`regtimeline fetch` against recorded answers on a local server: what a user runs and gets."""

from __future__ import annotations

import pytest

from tests.conftest import Reply
from viewer.cli.main import main
from viewer.io import load

DOCUMENTS = "/api/v1/documents.json"
NEXT = "/api/v1/documents"
CSL = "/downloadable_consolidated_screening_list/v1/consolidated.json"


def serve_slice(server) -> None:
    """The real 2024 slice as page 1 (its next_page_url names the public site), then page 2."""
    server.route(DOCUMENTS, Reply.file("federal-register-documents-2024-slice.json"))
    page_2 = Reply.file("federal-register-documents-2024-page-2.json")
    server.route(NEXT, page_2, when={"page": "2"})


def serve_bis(server) -> None:
    server.route(DOCUMENTS, Reply.file("bis-documents-page-1.json"))
    server.route(NEXT, Reply.file("bis-documents-page-2.json"), when={"page": "2"})


def test_fetch_writes_a_table_validate_finds_clean(official_server, tmp_path, capsys):
    serve_slice(official_server)
    out = tmp_path / "bis.csv"
    code = main(["fetch", "federal-register", "--base-url", official_server.url, "-o", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert out.is_file() and (tmp_path / "bis.sources.csv").is_file()
    assert main(["validate", str(out)]) == 0
    assert "No problems." in capsys.readouterr().out
    model = load(out)
    # One event per BIS document of both pages; the other agencies' two rules left out.
    assert sorted(model.events["id"]) == [
        "fr-2024-00190",
        "fr-2024-00359",
        "fr-2024-00422",
        "fr-2024-00582",
        "fr-2024-19633",
        "fr-2024-28267",
        "fr-2024-28270",
    ]
    assert "2 documents the server sent did not match" in printed.err
    for i in range(len(model)):
        sources = model.event_sources(i)
        assert "Federal Register" in set(sources["publisher"])
        site = "https://www.federalregister.gov/documents/"
        assert all(url.startswith(site) for url in sources["url"])
    # Asked as the API wants: agency, per_page 1000, then page 2 as next_page_url says.
    first, second = official_server.asked
    assert first.query["conditions[agencies][]"] == ["industry-and-security-bureau"]
    assert first.query["per_page"] == ["1000"]
    assert second.path == NEXT and second.query["page"] == ["2"]


def test_merging_the_same_fetch_again_leaves_the_table_byte_identical(
    official_server, tmp_path, h200_path
):
    serve_bis(official_server)
    first = tmp_path / "with-rules.csv"
    second = tmp_path / "again.csv"
    base = ["fetch", "federal-register", "--base-url", official_server.url]
    assert main([*base, "--merge", str(h200_path), "-o", str(first)]) == 0
    assert main([*base, "--merge", str(first), "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()
    assert (tmp_path / "again.sources.csv").read_bytes() == (
        tmp_path / "with-rules.sources.csv"
    ).read_bytes()
    merged = load(first)
    bundled = load(h200_path)
    assert not merged.problems
    assert set(bundled.events["id"]) < set(merged.events["id"])
    assert "fr-2026-00789" in set(merged.events["id"]) or _cites(bundled, "2026-00789")


def _cites(model, number: str) -> bool:
    text = " ".join(model.sources[["title", "quote", "url"]].astype(str).agg(" ".join, axis=1))
    return number in text


def test_merge_never_writes_over_its_input(official_server, tmp_path, h200_path, capsys):
    serve_bis(official_server)
    table = tmp_path / "mine.csv"
    table.write_bytes(h200_path.read_bytes())
    (tmp_path / "mine.sources.csv").write_bytes(h200_path.with_suffix(".sources.csv").read_bytes())
    before = table.read_bytes()
    code = main(
        ["fetch", "federal-register", "--base-url", official_server.url, "--merge", str(table),
         "-o", str(table)]
    )  # fmt: skip
    assert code == 1
    assert "never written over" in capsys.readouterr().err
    assert table.read_bytes() == before
    assert official_server.asked == []  # refused before asking the server


def test_offline_works_from_the_cache_alone(official_server, tmp_path, capsys):
    serve_bis(official_server)
    online, offline = tmp_path / "online.csv", tmp_path / "offline.csv"
    base = ["fetch", "federal-register", "--base-url", official_server.url]
    assert main([*base, "-o", str(online)]) == 0
    asked = len(official_server.asked)
    assert main([*base, "--offline", "-o", str(offline)]) == 0
    assert len(official_server.asked) == asked
    assert offline.read_bytes() == online.read_bytes()


def test_offline_without_a_cache_says_what_to_do(tmp_path, capsys):
    code = main(["fetch", "federal-register", "--offline", "-o", str(tmp_path / "x.csv")])
    assert code == 1
    err = capsys.readouterr().err
    assert "nothing from the Federal Register is cached" in err
    assert "without --offline" in err
    assert not (tmp_path / "x.csv").exists()


def test_refused_connection_is_one_clear_line(tmp_path, capsys, official_server):
    url = official_server.url
    official_server.close()  # nobody listens there any more
    code = main(["fetch", "federal-register", "--base-url", url, "-o", str(tmp_path / "x.csv")])
    assert code == 1
    err = capsys.readouterr().err
    assert "connection was refused" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["fetch"],
        ["fetch", "federal-register"],
        ["fetch", "federal-register", "--type", "law", "-o", "x.csv"],
        ["fetch", "federal-register", "--since", "2024-13", "-o", "x.csv"],
        ["fetch", "federal-register", "--since", "2025", "--until", "2024", "-o", "x.csv"],
        ["fetch", "registry", "-o", "x.csv"],
    ],
)
def test_usage_errors_exit_2(args, capsys):
    assert main(args) == 2


def test_unsupported_output_type_is_refused_before_asking(official_server, tmp_path, capsys):
    serve_bis(official_server)
    out = tmp_path / "bis.pdf"
    code = main(["fetch", "federal-register", "--base-url", official_server.url, "-o", str(out)])
    assert code == 1
    assert "use .csv, .xlsx or .parquet" in capsys.readouterr().err
    assert official_server.asked == []


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_workbook_and_parquet_open_with_their_sources(official_server, tmp_path, suffix):
    serve_bis(official_server)
    out = tmp_path / f"bis{suffix}"
    code = main(["fetch", "federal-register", "--base-url", official_server.url, "-o", str(out)])
    assert code == 0
    model = load(out)
    assert not model.problems
    i = model.index_of("fr-2026-00789")
    source = model.event_sources(i).iloc[0]
    assert source["citation"] == "91 FR 1684"
    assert source["document_number"] == "2026-00789"
    assert (
        source["pdf_url"] == "https://www.govinfo.gov/content/pkg/FR-2026-01-15/pdf/2026-00789.pdf"
    )


def test_screening_list_joins_the_rule_fetched_before(official_server, tmp_path, capsys):
    serve_bis(official_server)
    official_server.route(CSL, Reply.file("consolidated.json"))
    base = ["--base-url", official_server.url]
    assert main(["fetch", "federal-register", *base, "-o", str(tmp_path / "bis.csv")]) == 0
    out = tmp_path / "el.csv"
    code = main(
        ["fetch", "screening-list", *base, "--list", "Entity List", "--country", "CN",
         "-o", str(out)]
    )  # fmt: skip
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "1 listed party without a start date: left out" in printed.err
    model = load(out)
    assert not model.problems
    assert set(model.companies) == {
        "Example Semiconductor Equipment Co., Ltd.",
        "Sample Computing Institute, Sample Lab",
        "Placeholder Microelectronics Co.",
    }
    i = model.index_of("csl-fixture-el-1")
    rule = model.event_sources(i).iloc[0]
    assert (rule["id"], rule["citation"]) == ("fr-2024-28267", "89 FR 96830")
    assert rule["url"].startswith(
        "https://www.federalregister.gov/documents/2024/12/05/2024-28267/"
    )
    # A notice no fetch has cached: its citation, and its address on govinfo.gov.
    j = model.index_of("csl-fixture-el-2")
    notice = model.event_sources(j).iloc[0]
    assert notice["url"] == "https://www.govinfo.gov/link/fr/85/44159"
    aliases = model.events["aliases"].iat[model.index_of("csl-fixture-el-1")]
    assert aliases == "ESE Co.; Example Semi"


def test_screening_list_asks_again_only_when_changed(official_server, tmp_path):
    official_server.route(
        CSL,
        Reply.file("consolidated.json", headers={"ETag": '"v1"'}),
        Reply(b"", status=304),
    )
    base = ["fetch", "screening-list", "--base-url", official_server.url]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main([*base, "-o", str(first)]) == 0
    assert main([*base, "-o", str(second)]) == 0
    assert official_server.asked[1].headers.get("If-None-Match") == '"v1"'
    assert second.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("at", [1, 2])  # writing the sources, then the events
def test_ctrl_c_while_writing_leaves_nothing_half_written(
    official_server, tmp_path, monkeypatch, at
):
    import viewer.io.writers as writers_module

    serve_bis(official_server)
    out = tmp_path / "bis.csv"
    old_sources = tmp_path / "bis.sources.csv"
    out.write_text("the old table\n", encoding="utf-8")
    old_sources.write_text("the old sources\n", encoding="utf-8")
    calls = []
    write_csv = writers_module.write_csv

    def interrupted(frame, path):
        calls.append(path)
        if len(calls) == at:
            path.write_text("id,date\nfr-2026-", encoding="utf-8")
            raise KeyboardInterrupt
        write_csv(frame, path)

    monkeypatch.setattr(writers_module, "write_csv", interrupted)
    code = main(["fetch", "federal-register", "--base-url", official_server.url, "-o", str(out)])
    assert code == 130
    assert out.read_text(encoding="utf-8") == "the old table\n"
    assert old_sources.read_text(encoding="utf-8") == "the old sources\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bis.csv", "bis.sources.csv"]


def test_the_progress_bar_draws_on_one_line_and_clears():
    import io

    from viewer.cli.fetch import Bar

    stream = io.StringIO()
    bar = Bar(stream)
    bar.show(0.5, "Federal Register: page 1 of 2")
    bar.show(1.0, "Done")
    drawn = stream.getvalue()
    assert "\n" not in drawn
    assert "[##############..............]  50% Federal Register: page 1 of 2" in drawn
    assert "100% Done" in drawn
    bar.close()
    assert stream.getvalue().endswith("\r")
