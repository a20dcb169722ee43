"""Speed benchmarks of the engine against two baselines.

``uv run python -m benchmarks`` (``--quick``, ``--large``, ``--profile``); see
``docs/performance.md``. These are benchmarks, not tests: nothing here asserts a time.
"""
