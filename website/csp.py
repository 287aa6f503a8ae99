"""Content security policy: strict on the public site, loosened for the Wagtail admin only."""

from csp.middleware import CSPMiddleware, PolicyParts

# Public pages run no inline script or style. The Wagtail admin (7.4) still writes inline scripts
# into its pages: the date, time and chooser widgets' initialisers, InlinePanel's and
# MultipleChooserPanel's set-up, and wagtail-localize's editor. It needs no inline style (ours
# included: cohorts/dashboard.js places the dashboard's bars), and blob: only for the previews
# of images chosen for upload.
ADMIN_ALLOWANCES = {"script-src": ["'unsafe-inline'"], "img-src": ["blob:"]}


class PlatformCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/") and parts.update is None:
            parts.update = ADMIN_ALLOWANCES
        return parts
