"""Versorgungsanalyse für Gesundheitsregionen.

Die Bibliothek berechnet den Versorgungsgrad nach der Bedarfsplanungs-Richtlinie des G-BA,
prognostiziert ihn über 10–15 Jahre und baut die Demo-Region Südwestsachsen. Sie importiert
nie Django; die Plattform importiert sie.
"""

__version__ = "0.1.0"
