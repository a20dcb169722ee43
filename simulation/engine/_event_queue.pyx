# cython: language_level=3
"""The model's event heap, compiled: a binary heap keyed by ``(time, sequence)`` in C.

The same queue as :mod:`simulation.engine.events` builds from ``heapq`` on a list, for
the same entries ``(time, sequence, kind, subject, item)`` in the same order. Python's
``heapq`` compares two entries as tuples: two float comparisons and a tuple's dispatch
each, a dozen times per pop at the few thousand events a large organisation keeps
pending. Here the keys sit beside the entries as C numbers, so a comparison is one
instruction and the entries are only handed through.
"""

cimport cython
from cpython.ref cimport Py_DECREF, Py_INCREF, PyObject
from libc.stdlib cimport free, realloc


cdef struct Slot:
    double time
    long long sequence
    PyObject* entry


cdef inline bint earlier(Slot* a, Slot* b) noexcept nogil:
    return a.time < b.time or (a.time == b.time and a.sequence < b.sequence)


@cython.final
cdef class EventQueue:
    """A heap of ``(time, sequence, ...)`` tuples, earliest first; sequences break ties."""

    cdef Slot* slots
    cdef Py_ssize_t size
    cdef Py_ssize_t capacity

    def __dealloc__(self):
        cdef Py_ssize_t index
        for index in range(self.size):
            Py_DECREF(<object>self.slots[index].entry)
        free(self.slots)

    cpdef void push(self, tuple entry) except *:
        """Add ``entry``; its first two items are the clock time and a unique sequence number."""
        cdef Slot new
        cdef Py_ssize_t position, parent
        cdef Slot* grown
        new.time = entry[0]
        new.sequence = entry[1]
        if self.size == self.capacity:
            grown = <Slot*>realloc(self.slots, (2 * self.capacity + 64) * sizeof(Slot))
            if grown == NULL:
                raise MemoryError()
            self.slots = grown
            self.capacity = 2 * self.capacity + 64
        Py_INCREF(entry)
        new.entry = <PyObject*>entry
        position = self.size
        self.size += 1
        while position > 0:
            parent = (position - 1) >> 1
            if not earlier(&new, &self.slots[parent]):
                break
            self.slots[position] = self.slots[parent]
            position = parent
        self.slots[position] = new

    cpdef tuple pop(self):
        """Remove and return the earliest entry."""
        cdef Slot last
        cdef Py_ssize_t position = 0, child
        if self.size == 0:
            raise IndexError("pop from an empty event queue")
        result = <tuple>self.slots[0].entry  # takes a reference of its own
        Py_DECREF(result)  # the queue's reference
        self.size -= 1
        if self.size == 0:
            return result
        last = self.slots[self.size]
        child = 1
        while child < self.size:
            if child + 1 < self.size and earlier(&self.slots[child + 1], &self.slots[child]):
                child += 1
            if not earlier(&self.slots[child], &last):
                break
            self.slots[position] = self.slots[child]
            position = child
            child = 2 * position + 1
        self.slots[position] = last
        return result

    def run_before(self, model, double boundary):
        """``events.run_before`` on this queue: the same loop, without a Python step per event."""
        cdef tuple handlers = model._handlers
        cdef long long processed = 0
        cdef double arrival_time
        cdef long long arrival_sequence
        cdef tuple entry, arrival
        while True:
            arrival = model._arrival
            arrival_time = arrival[0]
            if not arrival_time < boundary:
                break
            arrival_sequence = arrival[1]
            while self.size and (
                self.slots[0].time < arrival_time
                or (self.slots[0].time == arrival_time and self.slots[0].sequence < arrival_sequence)
            ):
                entry = self.pop()
                model.now = entry[0]
                handlers[entry[2]](entry[3], entry[4])
                processed += 1
            model.now = arrival[0]
            model._on_arrival()
            processed += 1
        while self.size and self.slots[0].time < boundary:
            entry = self.pop()
            model.now = entry[0]
            handlers[entry[2]](entry[3], entry[4])
            processed += 1
        return processed

    def __len__(self):
        return self.size

    def __getitem__(self, Py_ssize_t index):
        """The entry at ``index`` in heap order (``queue[0]`` is the earliest), as in a ``heapq`` list."""
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError("event queue index out of range")
        return <tuple>self.slots[index].entry
