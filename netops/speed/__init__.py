"""Speed tests (download, upload, latency, jitter) judged against the customer's plan.

Two engines share one result type: `speedtest` (Ookla legacy HTTP servers, measured with reused
connections, parallel streams and a discarded warm-up) and `iperf3` (the iperf3 program).
"""
