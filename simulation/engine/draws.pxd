# The compiled shape of draws.py (Cython's pure-Python mode).


cdef class BufferedDraws:
    cdef public object rng
    cdef public list _exponentials
    cdef public list _uniforms

    cpdef double exponential(self, double mean) except? -1.0
    cpdef double uniform(self) except? -1.0
