"""Find tickets: look-ups under the reader's visibility, full text, filters, orders, exports."""
