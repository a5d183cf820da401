"""Transports: the only place that imports protocol libraries and translates their errors."""
