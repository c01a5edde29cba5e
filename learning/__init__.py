"""Pure learning rules of SPEC-BADGES §3: points, the problem state machine, proficiency, video time, activity.

Invariant: nothing in this package does I/O or imports ndb; handlers read the stats, call these functions and
write the results back in their own transaction.
"""
