"""Benchmarks: `python -m bench` regenerates bench/README.md."""
