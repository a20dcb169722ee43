# The compiled shape of inquiries.py (Cython's pure-Python mode): an inquiry's record as C fields.
import cython


cdef class Inquiry:
    cdef public double approval_minutes
    cdef public double arrival
    cdef public int channel
    cdef public int crossings
    cdef public double deadline
    cdef public Py_ssize_t drafter
    cdef public double enqueued_at
    cdef public double finished_at
    cdef public int handoffs
    cdef public long long id
    cdef public int middlemen
    cdef public bint non_expert
    cdef public double noticed_at
    cdef public Py_ssize_t noticer
    cdef public object outcome
    cdef public double patience
    cdef public double queue_minutes
    cdef public int region
    cdef public double rework_minutes
    cdef public bint standard
    cdef public int topic
    cdef public object trace
    cdef public double transit_minutes
    cdef public double work
    cdef public double work_minutes
    cdef public bint wrong


cdef class ArrivalStream:
    cdef public object rng
    cdef public list topics
    cdef public object base_rates
    cdef public list channels
    cdef public object channel_cdf
    cdef public list regions
    cdef public object region_shares
    cdef public list region_offsets
    cdef public double standard_share
    cdef public double patience
    cdef public object own_patience
    cdef public object work
    cdef public object diurnal
    cdef public object weekly
    cdef public bint by_channel
    cdef public object channel_shares
    cdef public object channel_profiles
    cdef public list surges
    cdef public Py_ssize_t _region_count
    cdef public Py_ssize_t _channel_count
    cdef public Py_ssize_t _columns
    cdef public long long count
    cdef public Py_ssize_t _position
    cdef public tuple _row
    cdef public tuple _piece
    cdef public list _block

    @cython.locals(position=Py_ssize_t, row=tuple, need=double, time=double, piece=tuple, piece_end=double,
                   rate=double, arrival=double)
    cpdef double next_time(self, double after, double horizon) except? -1.0

    @cython.locals(draws=tuple, piece=tuple, pair_cdf=list, pair=Py_ssize_t)
    cpdef Inquiry make(self, double time)

    cpdef Inquiry inquiry(self, double time, Py_ssize_t topic, Py_ssize_t channel, Py_ssize_t region, tuple draws)
