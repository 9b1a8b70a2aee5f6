import pytest

from optiimi.demo import foresight as demo
from optiimi.foresight import services
from optiimi.foresight.models import Indicator


@pytest.fixture
def demo_statistics(regions):
    """The synthetic Central Finland statistics, without forecasts (they are slow)."""
    services.import_observations(demo.INDICATORS, demo.rows(), source="demo", format="demo")
    Indicator.objects.filter(code__startswith="demo.").update(synthetic=True)
