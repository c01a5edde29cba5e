"""Datastore models (google-cloud-ndb). A user's stats, logs and badges live in the user's entity group."""
