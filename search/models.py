"""Search documents and engines (filled by the Search issue)."""
