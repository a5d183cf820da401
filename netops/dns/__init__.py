"""DNS resolver health: reachability, latency, rcodes, hijacking, EDNS, DNSSEC and consistency."""
