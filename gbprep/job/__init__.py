"""The whole run of a submission: read inputs, validate, assemble and write, chunk by chunk."""
