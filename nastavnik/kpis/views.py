from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.kpis import calculations as calc
from nastavnik.kpis import selectors, services
from nastavnik.kpis.charts import trend_chart
from nastavnik.kpis.forms import ReportRequestForm, TargetsForm, TargetsYearForm, YearForm
from nastavnik.organizations.access import municipalities_for_user, user_scope


@login_required
def kpi_index(request):
    """Where the KPIs start: the widest scope the user has, or a choice when there are several."""
    entry = selectors.kpi_entry_points(request.user)
    if len(entry["regions"]) == 1:
        return redirect("kpis:region", pk=entry["regions"][0].pk)
    if not entry["regions"] and len(entry["municipalities"]) == 1:
        return redirect("kpis:municipality", pk=entry["municipalities"][0].pk)
    if not entry["regions"] and not entry["municipalities"] and len(entry["organizations"]) == 1:
        return redirect("kpis:organization", pk=entry["organizations"][0].pk)
    if not any(entry.values()):
        raise Http404
    return render(request, "kpis/kpi_index.html", entry)


def _render_page(request, page):
    charts = [
        trend_chart(
            indicator,
            str(calc.SHORT_NAMES[indicator]),
            [
                (point.academic_year, point.values[indicator], point.targets[indicator])
                for point in page.trend
            ],
        )
        for indicator in calc.Indicator.values
    ]
    scope = user_scope(request.user)
    return render(
        request,
        "kpis/kpi_page.html",
        {
            "page": page,
            "charts": charts,
            "year_form": YearForm(initial={"year": page.academic_year}, academic_years=page.academic_years),
            "short_names": [calc.SHORT_NAMES[value] for value in calc.Indicator.values],
            "close_share": f"{calc.CLOSE_SHARE * 100:g}",
            "can_edit_targets": selectors.can_edit_targets(request.user, page.region),
            "can_request_report": page.level == "municipality" and scope.is_district_staff,
        },
    )


@login_required
def kpi_region(request, pk: int):
    return _render_page(
        request, selectors.region_kpis(request.user, pk, academic_year=request.GET.get("year"))
    )


@login_required
def kpi_municipality(request, pk: int):
    page = selectors.municipality_kpis(request.user, pk, academic_year=request.GET.get("year"))
    return _render_page(request, page)


@login_required
def kpi_organization(request, pk: int):
    page = selectors.organization_kpis(request.user, pk, academic_year=request.GET.get("year"))
    return _render_page(request, page)


@login_required
def targets_edit(request, pk: int):
    """The regional admin sets the targets of each indicator for an academic year."""
    region = selectors.get_region_for_user(request.user, pk)
    data = request.POST if request.method == "POST" else request.GET
    year_form = TargetsYearForm(
        data if "year" in data else None,
        initial={"year": calc.current_academic_year(timezone.localdate())},
    )
    year = year_form.cleaned_data["year"] if year_form.is_valid() else year_form.initial["year"]
    existing = selectors.targets_of(region)
    initial = {indicator: existing.get((indicator, year)) for indicator in calc.Indicator.values}
    form = TargetsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and year_form.is_valid() and form.is_valid():
        services.kpi_targets_save(
            region=region, academic_year=year, values=form.cleaned_data, user=request.user
        )
        messages.success(request, _("Целевые значения на %(year)s учебный год сохранены.") % {"year": year})
        return redirect(f"{request.path}?year={year}")
    years = sorted({y for (_, y) in existing})
    table = [
        (y, [existing.get((indicator, y)) for indicator in calc.Indicator.values]) for y in reversed(years)
    ]
    return render(
        request,
        "kpis/targets_edit.html",
        {
            "region": region,
            "year": year,
            "year_form": year_form,
            "form": form,
            "table": table,
            "short_names": [calc.SHORT_NAMES[value] for value in calc.Indicator.values],
        },
    )


@login_required
def report_list(request):
    """The consolidated reports of the user's municipalities, and the form to order a new one."""
    if not user_scope(request.user).is_district_staff:
        raise Http404
    municipalities = municipalities_for_user(request.user).order_by("name")
    initial = {"academic_year": request.GET.get("year") or calc.current_academic_year(timezone.localdate())}
    if request.GET.get("municipality", "").isdigit():
        initial["municipality"] = int(request.GET["municipality"])
    form = ReportRequestForm(request.POST or None, municipalities=municipalities, initial=initial)
    if request.method == "POST" and form.is_valid():
        job = services.report_job_request(
            user=request.user,
            municipality=form.cleaned_data["municipality"],
            academic_year=form.cleaned_data["academic_year"],
        )
        return redirect("kpis:report-detail", pk=job.pk)
    return render(
        request,
        "kpis/report_list.html",
        {"form": form, "jobs": list(selectors.report_jobs_for_user(request.user)[:50])},
    )


@login_required
def report_detail(request, pk: int):
    job = selectors.get_report_job_for_user(request.user, pk)
    return render(request, "kpis/report_detail.html", {"job": job})


@login_required
def report_download(request, pk: int, kind: str):
    job = selectors.get_report_job_for_user(request.user, pk)
    file = {"xlsx": job.xlsx, "pdf": job.pdf}.get(kind)
    if job.status != job.Status.DONE or not file:
        raise Http404
    services.report_download_record(user=request.user, job=job, kind=kind)
    filename = f"svod-{job.municipality_id}-{job.academic_year.replace('/', '-')}.{kind}"
    return FileResponse(file.open("rb"), as_attachment=True, filename=filename)
