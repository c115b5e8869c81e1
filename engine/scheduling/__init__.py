"""Time-driven work: the scheduler process and its lease (one active instance), due BPMN
timers, overdue-task escalation and supervision checks."""
