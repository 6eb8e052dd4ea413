"""The knowledge base: articles, categories, search and suggestions."""
