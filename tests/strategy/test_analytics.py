from optiimi.strategy.analytics import progress, worst


def light(values, target=6.0, baseline=2.0, this_year=2010, higher=True):
    return progress(
        baseline=baseline,
        target=target,
        values=values,
        start_year=2007,
        end_year=2009,
        this_year=this_year,
        higher_is_better=higher,
    ).light


def test_reaching_the_target_is_on_track():
    assert light({2009: 6}) == "on_track"


def test_most_of_the_way_at_the_end_is_at_risk_and_little_is_off_track():
    assert light({2009: 5}) == "at_risk"  # 75% of the way
    assert light({2009: 3}) == "off_track"  # 25%


def test_mid_period_expectation_is_proportional_to_time_elapsed():
    # 2007 is the first of three years: a third of the way is expected.
    assert light({2007: 3.5}, this_year=2007) == "on_track"
    assert light({2007: 2.2}, this_year=2007) == "off_track"


def test_lower_is_better_counts_downwards():
    assert light({2009: 4}, target=4, baseline=10, higher=False) == "on_track"
    assert light({2009: 9}, target=4, baseline=10, higher=False) == "off_track"


def test_no_values_and_no_target():
    assert light({}) == "no_data"
    assert (
        progress(
            baseline=None,
            target=None,
            values={2008: 1},
            start_year=2007,
            end_year=2009,
            this_year=2010,
        ).light
        == "no_target"
    )


def test_values_after_the_period_are_ignored():
    assert light({2008: 3, 2025: 60}) == "off_track"


def test_worst_light_wins_but_missing_targets_do_not_count():
    assert worst(["on_track", "at_risk", "no_target"]) == "at_risk"
    assert worst(["no_target"]) == "no_target"
    assert worst([]) == "no_target"
