"""The coordinators' dashboard in the admin (registered on import)."""
