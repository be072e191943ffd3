"""Validation: the pure-Python engine (``gbprep``) and the Django app that runs it for the portal.

This package's ``__init__`` must stay free of Django imports: ``python -m validation`` runs the engine alone.
"""
