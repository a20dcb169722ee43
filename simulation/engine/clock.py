"""The model's clock: the time, the event queue and the batches of simultaneous events.

The first base of :class:`simulation.engine.model.OrgModel`, kept apart so that compiled
(``clock.pxd``) its state is C fields the workflow reads per event without a lookup.
"""

from __future__ import annotations

import math

NO_ARRIVAL = (math.inf, math.inf)  # no arrival pending: after every heap entry, whatever its time


class Clock:
    """Scheduling into the model's event queue (see :mod:`simulation.engine.model`)."""

    def _schedule(self, time: float, kind: int, subject, item=None) -> None:
        if time in self._batches:
            del self._batches[time]  # that batch comes first: later ones at this time go after this
        self._push((time, next(self._sequence), kind, subject, item))

    def _schedule_together(self, time: float, kind: int, subject: int) -> None:
        """Schedule an event of a batched kind: it joins the batch open at ``time`` if of its kind."""
        batch = self._batches.get(time)
        if batch is not None and batch[0] == kind:
            batch[1].append(subject)
            return
        subjects = [subject]
        self._batches[time] = (kind, subjects)
        self._push((time, next(self._sequence), kind, subjects, None))

    def _schedule_next_arrival(self) -> None:
        """Draw the next arrival; it waits beside the heap (see ``OrgModel._process_before``)."""
        time = self.stream.next_time(self.now, self.end_of_arrivals)
        if time < math.inf:
            if time in self._batches:
                del self._batches[time]  # as _schedule: later ones at this time go after it
            self._arrival = (time, next(self._sequence))
        else:
            self._arrival = NO_ARRIVAL

    def _batch_due(self, subjects: list) -> None:
        """Close the batch being handled; counts its subjects as the events they stand for."""
        batch = self._batches.get(self.now)
        if batch is not None and batch[1] is subjects:
            del self._batches[self.now]  # what is scheduled from now on comes after it
        self.events_processed += len(subjects) - 1
