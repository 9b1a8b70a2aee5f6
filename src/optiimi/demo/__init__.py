"""The Central Finland demo and synthetic data, loaded through the capabilities' services."""

from optiimi.core.writes import System

# Who the demo's writes are recorded as in history.
DEMO = System("load demo")
