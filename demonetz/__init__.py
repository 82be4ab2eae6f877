"""The demo network Südwestsachsen: a loader that fills every app with real and invented
content (``manage.py demo_laden``). At the top of the app graph: it imports the domain apps,
none of them imports it."""
