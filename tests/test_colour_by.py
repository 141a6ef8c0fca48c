"""What the colours say (viewer/shown/palette.py: colour_groups), checked without Qt."""

import numpy as np

from viewer.io import load
from viewer.shown.palette import JURISDICTION_COLOURS, TRACK_COLOURS, colour_groups, on_dark

TABLE = (
    "id,date,company,regulator,jurisdiction,title\n"
    "a,2026-01-05,Acme,US BIS,,rule\n"
    "b,2026-01-06,Acme,CN MIIT,,approval\n"
    "c,2026-01-07,Acme,Acme,,statement\n"
    "d,2026-01-08,Acme,Acme,CN,a company's act in China\n"
    "e,2026-01-09,Acme,CN MIIT; CN MOFCOM,,joint approval\n"
    "f,2026-01-10,Acme,US Commerce; CN MOFCOM,,two jurisdictions at once\n"
)


def test_jurisdiction_is_the_column_as_written_else_the_regulators_prefix(write):
    model = load(write("j.csv", TABLE))
    groups = colour_groups(model, "jurisdiction")
    assert groups.names == ["US", "CN", "other"]
    assert groups.colours == list(JURISDICTION_COLOURS.values())
    by_id = dict(zip(model.events["id"], groups.of_event.tolist(), strict=True))
    assert by_id == {"a": 0, "b": 1, "c": 2, "d": 1, "e": 1, "f": 0}
    # A joint act in one jurisdiction is one colour; across two, a band for each.
    lists = model.events["regulator_list"].to_numpy()
    row = dict(zip(model.events["id"], lists.tolist(), strict=True))
    assert groups.splits[row["e"]].tolist()[:2] == [1, -1]
    assert groups.splits[row["f"]].tolist()[:2] == [0, 1]
    assert groups.joint(None, lists).tolist() == [row["f"]]
    assert groups.used(None, lists).tolist() == [0, 1, 2]
    shown = model.events["id"].isin(["a", "e"]).to_numpy()
    assert groups.used(shown, lists).tolist() == [0, 1]


def test_track_and_regulator_colours_and_the_dark_theme(write):
    model = load(write("j.csv", TABLE))
    tracks = colour_groups(model, "track")
    assert tracks.names == model.tracks
    for name, colour in zip(tracks.names, tracks.colours, strict=True):
        if name.upper() in TRACK_COLOURS:
            assert colour == TRACK_COLOURS[name.upper()]
    assert (tracks.of_event == model.events["track_code"].to_numpy()).all()
    assert tracks.splits.shape[1] == 1  # (a track colour is never split)
    regulators = colour_groups(model)  # the default: by regulator
    assert regulators.by == "regulator" and regulators.names == model.regulators
    assert np.array_equal(regulators.of_event, model.events["regulator_code"].to_numpy())
    dark = colour_groups(model, "jurisdiction", "dark")
    assert dark.colours == [on_dark(c) for c in JURISDICTION_COLOURS.values()]
    assert colour_groups(model, "no such thing").by == "regulator"
