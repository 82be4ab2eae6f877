"""The shared vocabulary of the network: the Handlungsfelder.

At the bottom of the app graph: organisations (registry), bodies and measures refer to the
Handlungsfelder, and this app imports none of them.
"""
