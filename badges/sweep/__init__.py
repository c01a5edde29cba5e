"""The twice-daily badge sweep (Khan Academy's ``startnewbadgemapreduce``): pages of user keys fanned out over
Cloud Tasks, each user judged by the same rule code as real time.

`runs` starts, finishes and reports a run; `tasks` is the page task and its enqueuing; `pages` processes one
page exactly once however often it is delivered; `review` decides and awards per user.
"""
