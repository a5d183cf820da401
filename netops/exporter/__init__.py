"""netops inside the monitoring engines ISPs run: Prometheus metrics (scrape or textfile) and the
`netops serve` multi-target exporter that Prometheus and Zabbix poll."""
