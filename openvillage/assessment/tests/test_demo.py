"""The demo step builds a small assessment year: meetings, training, a cycle in publicity and a
screening that finds the villages holding too few meetings."""

from openvillage.assessment import demo
from openvillage.assessment.models import Cycle, CycleState, WeakCandidate


def test_the_demo_builds_a_cycle_in_publicity_and_a_screening(superuser, branches, members):
    line = demo.build({"seed": 1})
    assert "Assessment" in line
    cycle = Cycle.objects.get()
    assert cycle.state == CycleState.PUBLICITY
    assert cycle.ratings.count() == 2  # the first town's two villages
    assert WeakCandidate.objects.count() >= 1
    assert demo.build({"seed": 1}) == ""  # once only
