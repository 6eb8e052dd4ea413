"""What-if: replay a period's cases through a draft diagram, in memory, and say what would change."""
