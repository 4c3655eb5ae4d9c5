"""Categorisation schemes as data: the facts rules can read, the engine, and the presets."""
