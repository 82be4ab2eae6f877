"""Partner registry: organisations, people and their roles, network membership."""
