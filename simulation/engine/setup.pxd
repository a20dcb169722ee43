# The compiled shape of setup.py (Cython's pure-Python mode): what the workflow looks up
# per event, as C fields.
from simulation.engine.clock cimport Clock
from simulation.engine.draws cimport BufferedDraws


cdef class WorkflowSetup(Clock):
    # the organisation
    cdef public list people
    cdef public list groups
    cdef public list departments
    cdef public list department_topics
    cdef public list inboxes
    cdef public dict inbox_index
    cdef public object parts
    cdef public object barriers
    cdef public object tables
    cdef public BufferedDraws _draws
    cdef public object _recent
    cdef public list _flow_counts
    cdef public Py_ssize_t _department_count
    cdef public double adoption_share
    cdef public double barrier_multiplier
    # prepared by _prepare_workflow
    cdef public list _strategies
    cdef public set _approval_topics
    cdef public object _approver_kind
    cdef public Py_ssize_t _fixed_approver
    cdef public object _team
    cdef public object _publishers
    cdef public dict _answering_experts
    cdef public list _topic_experts
    cdef public dict _spokes
    cdef public dict _expert_team
    cdef public bint _tracing
    cdef public object _region_names
    cdef public bint _department_scope
    cdef public list _line_departments
    cdef public list _shared_inboxes
    cdef public object _quality
    cdef public bint _judged
    cdef public bint _adopters_publish
    cdef public bint _adopters_trained
    cdef public double _error_expert
    cdef public double _error_trained
    cdef public double _error_untrained
    # the barriers' delays, as numbers (_take_barriers)
    cdef public double _triage_minutes
    cdef public double _publish_minutes
    cdef public double _approval_minutes
    cdef public double _handoff_minutes
    cdef public double _boundary_minutes
    cdef public double _boundary_drop
    cdef public double _search_minutes
    cdef public bint _searched
