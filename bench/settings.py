"""The production settings plus a trivial view, for benchmarks only (never deployed)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
