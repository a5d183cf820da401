"""The lab: simulated devices (real protocol servers on loopback) for practice and for tests."""
