"""Escalation: from a support ticket's facts and the ISP's written policy to a decision."""
