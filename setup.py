"""The compiled engine, built where a C compiler is found.

Optional: without a compiler (or with a module that fails to compile) the build goes on,
and the engine runs its Python sources with the same results (``simulation.engine``).
Every engine module with a ``.pxd`` beside it is compiled: a ``.py`` file whose C types
are declared in the ``.pxd`` (Cython's pure-Python mode), one source that runs as it is
without a compiler. Annotations in the ``.py`` are for readers and type checkers only.
"""

import os
from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup

ENGINE = Path("simulation/engine")
extensions = [
    Extension("simulation.engine._event_queue", [str(ENGINE / "_event_queue.pyx")], optional=True),
    *(
        Extension(f"simulation.engine.{pxd.stem}", [str(pxd.with_suffix(".py"))], optional=True)
        for pxd in sorted(ENGINE.glob("*.pxd"))
    ),
]
workers = os.cpu_count() or 1
setup(
    ext_modules=cythonize(
        extensions,
        language_level=3,
        quiet=True,
        nthreads=workers,
        compiler_directives={"annotation_typing": False},
    ),
    options={"build_ext": {"parallel": workers}},
)
