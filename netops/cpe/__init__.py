"""Customer routers (CPE): vendor web flows and the ACS, driven by `profiles/cpe/*.yaml`."""
