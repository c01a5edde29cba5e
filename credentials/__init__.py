"""Open Badges 3.0: every award as a signed `OpenBadgeCredential` (VC-JWT), its issuer, keys and status list.

Pure modules build, sign, encode and check (no I/O); `issuance` and `revocation` are the only Datastore users.
"""
