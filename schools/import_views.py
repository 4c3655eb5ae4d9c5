from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.permissions import IMPORTS_RUN
from core.tenancy import tenant_view
from schools.models import GiasImport


@tenant_view(IMPORTS_RUN)
def gias_import_list(request: HttpRequest) -> HttpResponse:
    imports = GiasImport.objects.select_related("uploaded_by")[:50]
    return render(request, "schools/gias_import_list.html",
                  {"imports": imports, "nav_section": "imports"})
