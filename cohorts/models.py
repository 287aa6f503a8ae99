"""Cohorts, their calendars and the co-creation cycle (filled by the Cohorts issue)."""
