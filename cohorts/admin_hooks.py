"""Admin for cohorts and cycles: menu, viewsets, history actions (registered on import)."""
