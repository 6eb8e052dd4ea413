"""The knowledge base pages."""
