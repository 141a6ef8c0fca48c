"""The official registers as event tables with their provenance. No Qt here.

    http.py              GETs with timeouts, retries and back-off, proxies from the environment
    cache.py             the raw pages in the user's cache folder, run by run
    federal_register.py  Federal Register documents -> events `fr-<number>` and their sources
    screening_list.py    Consolidated Screening List entries -> one event per listed party
    table.py             the rows a fetch makes, in the data format
    merge.py             a fetch added to an existing table, written as a new data set
    run.py               one fetch from start to file, for the command line and the window

Nothing here touches the network at import: only `run_fetch` (or the fetch functions) ask.
"""
