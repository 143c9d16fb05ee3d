"""The editorial record: accounts and sign-in, review states bound to an article file's bytes,
and an audit trail that is only ever inserted into. No UI here (drawing is in `ui/`)."""
