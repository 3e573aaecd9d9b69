"""The hotspot rule on hand-made series."""

import statistics

from situation.rules import assess, change_against


def test_flat_series_raises_nothing():
    assert not assess(4, [4, 4, 4, 4, 4, 4, 4, 4]).is_hotspot


def test_spike_above_mean_plus_two_stdev_raises():
    history = [1, 2, 1, 0, 2, 1, 1, 2]
    result = assess(6, history)
    assert result.is_hotspot
    assert result.mean == statistics.fmean(history)
    assert result.stdev == statistics.pstdev(history)
    assert result.threshold == result.mean + 2 * result.stdev


def test_count_at_threshold_is_not_a_hotspot():
    # mean 2, population stdev 1 -> threshold 4; 4 is not above it, 5 is.
    history = [1, 3, 1, 3, 1, 3, 1, 3]
    assert assess(4, history).threshold == 4
    assert not assess(4, history).is_hotspot
    assert assess(5, history).is_hotspot


def test_fewer_than_three_never_raises_even_against_empty_history():
    assert not assess(2, [0] * 8).is_hotspot
    assert not assess(2, [0, 0, 0, 0, 0, 0, 0, 1]).is_hotspot


def test_three_after_a_flat_zero_history_raises():
    result = assess(3, [0] * 8)
    assert result.stdev == 0
    assert result.is_hotspot


def test_noisy_history_absorbs_a_moderate_rise():
    assert not assess(7, [0, 8, 1, 7, 0, 9, 2, 6]).is_hotspot


def test_change_is_percent_against_the_mean_and_none_without_history():
    assert change_against(6, 4) == 50
    assert change_against(3, 0) is None


def test_a_serious_rating_always_raises():
    from situation.rules import rating_signal

    assert rating_signal(4, []) == ("serious", None)
    assert rating_signal(4, [4, 4]) == ("serious", None)


def test_a_rating_two_steps_above_the_lowest_of_two_weeks_raises_as_rising():
    from situation.rules import rating_signal

    assert rating_signal(3, [1, 2]) == ("rising", 1)
    assert rating_signal(3, [2, 2]) is None
    assert rating_signal(2, [1]) is None


def test_a_rating_without_earlier_ones_is_not_rising():
    from situation.rules import rating_signal

    assert rating_signal(3, []) is None
