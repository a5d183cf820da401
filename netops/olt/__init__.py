"""OLT access: vendor profiles, index schemes, value decoding and readers (SNMP, CLI)."""
