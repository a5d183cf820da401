"""What netops has read before, kept on this machine: ONU readings over time and the find cache."""
