"""Vocabulary and model: what every other layer of the engine speaks. Imports nothing above itself."""
