"""The command line: one module per command; ``main`` routes to them."""
