import numpy as np
import polars as pl

from optiimi.benchmark import analytics


def test_interval_covers_true_effect_in_at_least_90_percent_of_50_simulations():
    covered = 0
    for seed in range(50):
        panel, cohort = analytics.simulate_panel(seed=seed, effect=3.0)
        r = analytics.did(panel, cohort, start_year=2005, n_boot=400, seed=seed)
        covered += r.ci_low <= 3.0 <= r.ci_high
    assert covered >= 45


def test_estimate_is_near_true_effect_and_in_percentage_points_a_year():
    panel, cohort = analytics.simulate_panel(seed=1, effect=5.0, n_companies=2000, n_cohort=200)
    r = analytics.did(panel, cohort, start_year=2005, n_boot=300)
    assert abs(r.effect - 5.0) < 1.0
    assert r.unit == "percentage points a year" and r.conclusive


def test_no_effect_gives_inconclusive_or_small_estimate():
    panel, cohort = analytics.simulate_panel(seed=3, effect=0.0)
    r = analytics.did(panel, cohort, start_year=2005, n_boot=300)
    assert r.ci_low < 0 < r.ci_high and r.reason == "interval_includes_zero"


def test_tiny_cohort_cannot_support_a_conclusion():
    panel, cohort = analytics.simulate_panel(seed=0, n_cohort=3)
    r = analytics.did(panel, cohort, start_year=2005)
    assert r.effect is None and r.reason == "too_few"


def test_peers_are_outside_the_cohort_and_matched_on_industry():
    panel, cohort = analytics.simulate_panel(seed=0)
    panel = panel.with_columns(
        pl.when(pl.col("business_id").is_in(list(cohort)))
        .then(pl.lit("99"))
        .otherwise(pl.col("tol2"))
        .alias("tol2")
    )
    r = analytics.did(panel, cohort, start_year=2005)
    assert r.n_peers == 0 and r.reason == "too_few" and len(r.unmatched) == len(cohort)


def test_size_class_follows_eu_sme_definition():
    assert analytics.size_class(9, 2_000_000) == "micro"
    assert analytics.size_class(10, 100) == "small"
    assert analytics.size_class(49, 11_000_000) == "medium"
    assert analytics.size_class(250, 1) == "large"


def _frame(n_per_group: dict[str, int]) -> pl.DataFrame:
    rows = []
    for sub, n in n_per_group.items():
        for i in range(n):
            for year, t in ((2020, 100.0), (2021, 100.0 + i)):
                rows.append(
                    {
                        "business_id": f"{sub}{i}",
                        "year": year,
                        "turnover": t,
                        "personnel": 3.0,
                        "section": "C",
                        "tol2": "25",
                        "tol3": "256",
                        "tol4": "2562",
                        "tol5": "25620",
                        "subregion": sub,
                        "region": "Keski-Suomi",
                    }
                )
    return analytics.with_growth(pl.DataFrame(rows))


def test_public_aggregates_leave_out_groups_under_five():
    g = _frame({"Jyväskylä": 6, "Joutsa": 4})
    agg = analytics.public_aggregates(g, level="tol5", by="subregion")
    assert agg["subregion"].to_list() == ["Jyväskylä"] and agg["n"].min() >= 5


def test_compare_widens_area_when_sub_region_group_is_small():
    g = _frame({"Jyväskylä": 6, "Joutsa": 4})
    company = g.filter(pl.col("business_id") == "Joutsa1").row(-1, named=True)
    found = analytics.compare(g, company, year=2021, own=company["turnover_growth"])
    assert [c.area for c in found] == ["region", "country"]
    assert all(c.n >= 5 for c in found) and found[0].n == 10


def test_percentiles_are_computed_for_every_level_and_area():
    g = _frame({"Jyväskylä": 6, "Joutsa": 4})
    p = analytics.percentiles(g)
    assert {"pct_tol5_subregion", "pct_section_country", "n_tol3_region"} <= set(p.columns)
    pct = p["pct_tol2_country"].to_numpy()
    assert np.all((pct > 0) & (pct < 100))
