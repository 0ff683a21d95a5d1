"""Report rendering: the monthly Corporate Parenting dashboard."""

from dashboard.render import render_dashboard

__all__ = ["render_dashboard"]
