"""Verdicts: measurements judged against the ISP's policy."""
