from django.urls import path

from funding.views import lines, years

app_name = "funding"

YEAR = "years/<int:funding_year_id>/"
LINE = "lines/<int:line_id>/"

urlpatterns = [
    path("", years.year_list, name="year-list"),
    path("years/new/", years.year_create, name="year-create"),
    path(YEAR, years.year_detail, name="year-detail"),
    path(YEAR + "export/", years.year_export, name="year-export"),
    path(YEAR + "schools/<int:urn>/", years.school_charges_view, name="school-charges"),
    path(YEAR + "lines/new/", lines.line_create, name="line-create"),
    path(LINE, lines.line_detail, name="line-detail"),
    path(LINE + "edit/", lines.line_edit, name="line-edit"),
    path(LINE + "votes/new/", lines.vote_record, name="vote-record"),
    path(LINE + "buy-backs/new/", lines.buy_back_create, name="buy-back-create"),
    path(LINE + "export/", lines.line_export, name="line-export"),
]
