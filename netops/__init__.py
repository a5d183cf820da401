"""netops: a support tool for GPON/FTTH ISP technicians."""

__version__ = "0.1.0"
