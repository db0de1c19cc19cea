"""The organisations and accounts of the plan tests serve here too."""

from tests.plans.conftest import *  # noqa: F403
