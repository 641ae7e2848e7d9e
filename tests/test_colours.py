"""The colour-difference formula the colour tests rely on, against Sharma, Wu & Dalal's published test data."""

import pytest

from tests.colours import ciede2000, ciede2000_lab, lab_distance


@pytest.mark.parametrize("first,second,expected", [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),  # their pair 1
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),  # pair 7
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),  # pair 17
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),  # pair 25
])
def test_ciede2000_of_the_papers_pairs(first, second, expected):
    assert ciede2000_lab(first, second) == pytest.approx(expected, abs=1e-4)


def test_ciede2000_is_symmetric_and_smaller_than_de76_among_saturated_reds():
    assert ciede2000("#8E0152", "#A50026") == pytest.approx(ciede2000("#A50026", "#8E0152"), abs=1e-9)
    assert ciede2000("#8E0152", "#A50026") < 0.6 * lab_distance("#8E0152", "#A50026")
