"""The compiled event queue, built where a C compiler is found.

Optional: without a compiler the build goes on without it, and the engine takes the
pure-Python queue instead (``simulation.engine.events``), with the same results.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("simulation.engine._event_queue", ["simulation/engine/_event_queue.pyx"], optional=True)
    ]
)
