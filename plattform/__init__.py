"""Project package of the network platform: settings, URLs, WSGI/ASGI."""
