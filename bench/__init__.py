"""Benchmark and load-test data generators; not part of the running site (kb/)."""
