"""Evaluate what diagrams say: expressions, scripts, timer expressions and cron."""
