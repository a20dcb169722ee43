# The compiled shape of agents.py (Cython's pure-Python mode): C fields for what the
# workflow touches per event, and the scan that picks the least loaded candidate.
import cython


cdef class PersonCore:
    cdef public int action
    cdef public double adoption_threshold
    cdef public bint always_on
    cdef public bint answerer
    cdef public double availability
    cdef public double busy_minutes
    cdef public Py_ssize_t department
    cdef public bint directory_user
    cdef public bint expert
    cdef public bint expert_team
    cdef public list groups
    cdef public long long idle_stamp
    cdef public object inbox
    cdef public Py_ssize_t index
    cdef public object knows
    cdef public bint monitor
    cdef public object pattern
    cdef public Py_ssize_t pending
    cdef public list pools
    cdef public bint publisher
    cdef public object region
    cdef public object role
    cdef public Py_ssize_t search_target
    cdef public bint spoke
    cdef public double started
    cdef public tuple task
    cdef public long long tasks_done
    cdef public bint team
    cdef public bint trained
    cdef public bint wake_pending


cdef class Share:
    cdef public bint always
    cdef public Py_ssize_t first_free
    cdef public Py_ssize_t free
    cdef public object pattern


@cython.locals(person=PersonCore, share=Share, best=Py_ssize_t, best_load=Py_ssize_t, least=Py_ssize_t,
               least_off=Py_ssize_t, load=Py_ssize_t)
cpdef Py_ssize_t least_loaded(object candidates, Py_ssize_t exclude, double now, double adoption_share=*) except? -2


@cython.locals(person=PersonCore, share=Share, start=Py_ssize_t, first_free=Py_ssize_t)
cdef Py_ssize_t _first_free_on_shift(object candidates, tuple shares, Py_ssize_t exclude, double now,
                                     double adoption_share) except? -2
