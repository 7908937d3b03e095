"""The commands, one module per group; each is ``function(session, ...)`` (see ``_session``)."""
