# The compiled shape of decisions.py (Cython's pure-Python mode).
import cython

from simulation.engine.agents cimport PersonCore
from simulation.engine.inquiries cimport Inquiry
from simulation.engine.setup cimport WorkflowSetup


cdef class Decisions(WorkflowSetup):
    cpdef double _error_chance(self, PersonCore person, bint expert) except? -1.0
    cdef bint _adopted(self, PersonCore person) except -1
    cdef bint _may_publish(self, PersonCore person) except -1
    cpdef bint _trained(self, PersonCore person) except -1
    cpdef bint _qualified(self, PersonCore person, Inquiry inquiry) except -1
    cpdef bint _can_answer(self, PersonCore person, Inquiry inquiry) except -1
    cdef Py_ssize_t _approver_for(self, PersonCore person, Inquiry inquiry) except? -2
    cdef Py_ssize_t _publisher_for(self, Inquiry inquiry, PersonCore holder) except? -2
    @cython.locals(hop=Py_ssize_t, colleague=Py_ssize_t, contact=Py_ssize_t, strategy=Py_ssize_t, topic=Py_ssize_t)
    cdef Py_ssize_t _next_hop(self, PersonCore person, Inquiry inquiry) except? -2
