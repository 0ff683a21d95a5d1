"""The end-to-end tests' data folder: a tmp CPR_DATA and Dagster instance with December 2017 and
January 2018 of the hand-built extract landed."""

from e2e.test_monthly_run import data_root  # noqa: F401 (a fixture)
