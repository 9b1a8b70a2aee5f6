"""Benchmarks: each module measures one capability and writes benchmarks/results/<name>.json/.md."""
