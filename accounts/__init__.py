"""Accounts and roles: office staff, partner editors, body members, the public."""
