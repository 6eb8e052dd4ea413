"""The process owner's studio: the modeller for drawing and checking diagrams."""
