"""The commands, one module per group; each is ``function(invocation, ...)`` (see ``_invocation``)."""
