"""Learning content: the exercise catalogue, problem generators, the answer checker, the video library, the seed.

Everything here is pure data and pure functions except ``content.seed``, the only module that touches the Datastore.
"""
