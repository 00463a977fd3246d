"""Benchmark harness (issue 7): `bench.generate` builds the data set, `bench.run` measures."""
