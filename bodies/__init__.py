"""Bodies (Gremien) with members, meetings, agenda, attendance, minutes, documents, decisions."""
