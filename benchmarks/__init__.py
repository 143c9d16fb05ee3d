"""Speed and memory at scale, run by hand: `python -m benchmarks [--articles N]`.

Apart from the test suite (speed goals live here, not in tests). See `benchmarks/__main__.py`.
"""
