# The compiled shape of workflow.py (Cython's pure-Python mode): the handlers as C methods
# reading the people's, the inquiries' and the model's state as C fields.
import cython

from simulation.engine.agents cimport PersonCore, Share
from simulation.engine.decisions cimport Decisions
from simulation.engine.inboxes cimport ChannelInbox, WatcherGroup
from simulation.engine.inquiries cimport Inquiry


cdef class Workflow(Decisions):
    @cython.locals(inquiry=Inquiry)
    cpdef _on_arrival(self)

    @cython.locals(person=PersonCore, share=Share, now=double, member=Py_ssize_t, inbox=ChannelInbox,
                   group=WatcherGroup)
    cpdef _receive(self, Inquiry inquiry)

    @cython.locals(now=double, group=WatcherGroup)
    cdef _wake_groups_later(self, ChannelInbox inbox)

    @cython.locals(group=WatcherGroup)
    cpdef _on_group_wakes(self, list group_indices, _item)

    @cython.locals(person=PersonCore)
    cpdef _on_wakes(self, list person_indices, _item)

    @cython.locals(person=PersonCore)
    cpdef _on_deliver(self, Py_ssize_t person_index, tuple task)

    @cython.locals(now=double, inquiry=Inquiry, inbox=ChannelInbox, group=WatcherGroup, first=Inquiry)
    cdef _try_start(self, PersonCore person)

    @cython.locals(stamp=cython.longlong, group=WatcherGroup)
    cdef _mark_idle(self, PersonCore person)

    @cython.locals(kind=int, inquiry=Inquiry, since=double, now=double, duration=double, action=int,
                   finish=double, expert=bint)
    cdef _start(self, PersonCore person, tuple task)

    @cython.locals(person=PersonCore, kind=int, inquiry=Inquiry, duration=double, action=int, share=Share,
                   place=Py_ssize_t)
    cpdef _on_finish(self, Py_ssize_t person_index, _item)

    @cython.locals(target=Py_ssize_t)
    cdef bint _forward(self, PersonCore person, int kind, Inquiry inquiry) except -1

    cdef _search(self, PersonCore person, int kind, Inquiry inquiry, Py_ssize_t target)

    @cython.locals(latency=double, delivery=double, target_department=Py_ssize_t, multiplier=double)
    cdef _hand_off(self, PersonCore source, Py_ssize_t target, int kind, Inquiry inquiry)

    cdef _close(self, Inquiry inquiry, outcome)


@cython.locals(share=Share)
cpdef taken_up(PersonCore person)


# the workflow's own constants, as C ints (ARRIVE and WAKE stay Python names: others import them)
cdef int DELIVER, FINISH, GROUP_WAKE
cdef int FORWARD, DRAFT, PUBLISHED, APPROVED, SEARCHED
cdef int HANDLE, APPROVE, PUBLISH
cdef int MAX_HANDOFFS
cdef object ANSWERED
