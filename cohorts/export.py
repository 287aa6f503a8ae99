"""The dashboard's table as CSV and XLSX: the rows on screen (every page of them), its columns.

A cell that holds two things on screen (a name and its code; a stage's planned months and the
date it was reached) is split into one column each, so the spreadsheet can sort and filter them.
Dates are ISO 8601 (months as 2030-03) whatever the language; in XLSX they are real dates.
Text that a spreadsheet would run as a formula is escaped (TRAPS.md).
"""

import csv
import io
from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.dashboard import Row, Table
from cohorts.models import Stage
from website.dates import iso_month

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Text a spreadsheet would evaluate starts with a quote, which shows it as typed."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header(table: Table) -> list[str]:
    columns = [
        _("Name (Arabic script)"), _("Name (Latin script)"), _("HCP code"), _("Level"), _("Region"),
        _("Cycle"), _("Current stage"), _("In this stage since"), _("Late"), _("Late on"), _("Overdue since"),
    ]
    for stage in table.columns:
        label = Stage(stage).label
        columns += [
            _("%(stage)s: planned start") % {"stage": label},
            _("%(stage)s: planned end") % {"stage": label},
            _("%(stage)s: reached on") % {"stage": label},
        ]
    return [*columns, _("Draft programme published on"), _("Adopted by the council on"),
            _("Deliberation number"), *(column.label for column in table.extra_columns)]


def values(row: Row) -> list:
    """One row's cells: text, numbers and dates (None for an empty cell)."""
    first_late = row.first_late
    cells = [
        row.territory.name_ar, row.territory.name_fr, row.territory.code, row.territory.get_level_display(),
        row.region.name if row.region else None, row.cycle.number, row.stage_label, row.cycle.stage_since,
        _("yes") if row.is_late else _("no"),
        "; ".join(str(cell.label) for cell in row.late_stages) or None,
        first_late.overdue_since if first_late else None,
    ]
    for cell in row.stages:
        cells += [
            iso_month(cell.plan.first_day) if cell.plan else None,
            iso_month(cell.plan.ends_in) if cell.plan else None,
            cell.reached_on,
        ]
    adoption = row.adoption
    return [*cells, row.draft_on, adoption.session_date if adoption else None,
            adoption.deliberation_number if adoption else None, *row.extra]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(escape_formula(str(value)))


def filename(table: Table, extension: str) -> str:
    return f"remacto-cohort-{table.cohort.number}-{timezone.localdate().isoformat()}.{extension}"


def as_csv(table: Table) -> HttpResponse:
    """UTF-8 with a byte-order mark: Excel then reads Arabic names as Arabic, not as mojibake."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_text(value) for value in header(table)])
    for row in table.rows:
        writer.writerow([_text(value) for value in values(row)])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(table, "csv")}"'
    return response


def as_xlsx(table: Table, *, right_to_left: bool = False) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(table.cohort)[:31])
    sheet.sheet_view.rightToLeft = right_to_left
    bold = Font(bold=True)

    def cell(value, **style):
        written = WriteOnlyCell(sheet, value=escape_formula(value) if isinstance(value, str) else value)
        if isinstance(value, date):
            written.number_format = "yyyy-mm-dd"
        for name, setting in style.items():
            setattr(written, name, setting)
        return written

    sheet.append([cell(str(value), font=bold) for value in header(table)])
    for row in table.rows:
        sheet.append([cell(str(value) if _is_lazy(value) else value) for value in values(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(table, "xlsx")}"'
    return response


def _is_lazy(value) -> bool:
    return value is not None and not isinstance(value, str | int | float | date)
