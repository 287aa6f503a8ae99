"""A person's own data: see it, download it, delete it (law 09-08)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import DeleteAccountForm
from accounts.privacy import delete_personal_data, export_personal_data, personal_data_sections


@login_required
def my_data(request):
    sections = personal_data_sections(request.user, request)
    return render(request, "accounts/my_data.html", {
        "data": export_personal_data(request.user, request, sections), "sections": sections,
        "page_title": _("My personal data"), "retention_days": settings.OUTBOX_RETENTION_DAYS,
    })


@login_required
def my_data_export(request):
    response = HttpResponse(
        json.dumps(export_personal_data(request.user, request), cls=DjangoJSONEncoder,
                   ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="remacto-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_personal_data(request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Your personal data is no longer kept."))
        return redirect("/")
    return render(request, "accounts/delete_account.html", {
        "form": form, "page_title": _("Delete my account"),
    })

