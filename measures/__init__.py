"""Handlungsfelder, measures (Maßnahmen/Projekte) with milestones and updates, recommendations."""
