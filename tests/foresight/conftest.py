import pytest

from optiimi.core.writes import System
from optiimi.demo import foresight as demo
from optiimi.foresight import services
from optiimi.foresight.models import Indicator

SETUP = System("test setup")


@pytest.fixture
def demo_statistics(regions):
    """The synthetic Central Finland statistics, without forecasts (they are slow)."""
    services.import_observations(
        demo.INDICATORS, demo.rows(), source="demo", format="demo", actor=SETUP
    )
    services.mark_synthetic(Indicator.objects.filter(code__startswith="demo."), actor=SETUP)
