from reach.models import ReachGroup


def test_a_group_is_named_by_the_ons_wording_or_the_teams_own():
    assert str(ReachGroup(code="eth-white")) == "White"
    assert str(ReachGroup(code="", own_label="Deaf BSL users")) == "Deaf BSL users"
