"""The CMDB pages."""
