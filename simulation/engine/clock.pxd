# The compiled shape of clock.py (Cython's pure-Python mode): the model's state that the
# workflow reads and writes per event, as C fields of the first compiled base of OrgModel.
import cython

from simulation.engine.inquiries cimport ArrivalStream


cdef class Clock:
    cdef public double now
    cdef public object _push
    cdef public object _sequence
    cdef public dict _batches
    cdef public tuple _arrival
    cdef public long long events_processed
    cdef public double end_of_arrivals
    cdef public list inquiries
    cdef public long long open_inquiries
    cdef public ArrivalStream stream

    cpdef _schedule(self, double time, int kind, subject, item=*)
    cpdef _schedule_together(self, double time, int kind, Py_ssize_t subject)
    cpdef _batch_due(self, list subjects)
    @cython.locals(time=double)
    cpdef _schedule_next_arrival(self)
