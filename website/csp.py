"""Content security policy: strict on the public site, loosened for the Wagtail admin only."""

from csp.middleware import CSPMiddleware, PolicyParts

# The Wagtail admin runs inline scripts and styles; public pages use none.
ADMIN_ALLOWANCES = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}


class PlatformCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/") and parts.update is None:
            parts.update = ADMIN_ALLOWANCES
        return parts
