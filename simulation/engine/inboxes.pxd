# The compiled shape of inboxes.py (Cython's pure-Python mode): the shared inboxes and their
# watcher groups as C fields, read by the compiled workflow per inquiry.
import cython

from simulation.engine.agents cimport PersonCore


cdef class ChannelInbox:
    cdef public tuple key
    cdef public object items
    cdef public list groups
    cdef public double woken_at


cdef class WatcherGroup:
    cdef public Py_ssize_t index
    cdef public Py_ssize_t queue
    cdef public object pattern
    cdef public ChannelInbox inbox
    cdef public list members
    cdef public object idle
    cdef public dict holders
    cdef public Py_ssize_t idle_limit
    cdef public bint wake_pending
    cdef public bint always

    @cython.locals(entry=tuple, person=PersonCore)
    cpdef Py_ssize_t first_idle(self, list people) except? -2
