"""Read API (JSON, OpenAPI) for organisations, bodies, meetings, measures, recommendations."""
