"""Tickets from the ISP's own support system: read one, diagnose it, put the decision on it.

`model` is the small interface every ticket system implements (IXC Provedor today; SGP or
Hubsoft would be one more module beside `ixc`), `onu` turns a ticket's fibre record into the
inventory OLT and ONU netops reads, and `workflow` runs `diagnose` on it and posts the note.
"""
