"""The submission engine: readers, model, rules, writers and the command line. Pure Python, no Django."""
