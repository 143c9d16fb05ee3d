"""Running the reader as several replicas behind HAProxy on one PostgreSQL (`deploy/run`)."""
