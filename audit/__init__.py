"""Audit trail: who changed which registry entry, decision or measure, and when."""
