from __future__ import annotations

from typing import Any

import polars as pl
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from optiimi.benchmark import analytics, charts, permissions, queries, services, texts
from optiimi.benchmark import jobs as benchmark_jobs
from optiimi.benchmark.links import PROJECT
from optiimi.benchmark.models import JOUTSA_COHORT_NAME, Cohort, Company, Industry
from optiimi.benchmark.readers import table_rows
from optiimi.core import links, replica
from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.forms import Rejected, submit
from optiimi.core.localise import localised
from optiimi.network.models import Organisation
from optiimi.network.permissions import edited_organisation_id
from optiimi.regions.models import Level, Region

SOURCE = gettext_lazy("Optiimi company register (synthetic demo data)")
LEVEL_NAMES = {
    "section": gettext_lazy("section"),
    "tol2": gettext_lazy("2-digit division"),
    "tol3": gettext_lazy("3-digit group"),
    "tol4": gettext_lazy("4-digit class"),
    "tol5": gettext_lazy("5-digit subclass"),
}
SIZE_NAMES = {
    "micro": gettext_lazy("micro enterprise"),
    "small": gettext_lazy("small enterprise"),
    "medium": gettext_lazy("medium-sized enterprise"),
    "large": gettext_lazy("large enterprise"),
}
AREA_NAMES = {
    "subregion": gettext_lazy("sub-region"),
    "region": gettext_lazy("region"),
    "country": gettext_lazy("whole country"),
}


def level_of(code: str) -> str:
    if code.isalpha() and len(code) == 1:
        return "section"
    if code.isdigit() and 2 <= len(code) <= 5:
        return f"tol{len(code)}"
    raise Http404("not a TOL code")


def _growth() -> pl.DataFrame:
    return analytics.with_growth(queries.panel())


@replica.reads_from_replica
def index(request: HttpRequest) -> HttpResponse:
    industries = Industry.objects.filter(level__lte=2).order_by("code")
    companies = None
    if permissions.can_see_companies(request.user):
        q = request.GET.get("q", "").strip()
        qs = Company.objects.select_related("municipality")
        if q:
            qs = qs.filter(name__icontains=q) | qs.filter(business_id__startswith=q)
        companies = list(qs.order_by("name")[:50])
    return render(
        request,
        "benchmark/index.html",
        {
            "industries": [(i, localised(i, "name")) for i in industries],
            "companies": companies,
            "can_upload": permissions.can_upload(request.user),
            "synthetic": Company.objects.filter(synthetic=True).exists(),
        },
    )


@replica.reads_from_replica
def industry(request: HttpRequest, code: str) -> HttpResponse:
    level = level_of(code)
    item = Industry.objects.filter(code=code).first()
    growth = _growth()
    years = sorted(growth["year"].unique().to_list()) if growth.height else []
    if not years:
        raise Http404("no financials")
    year = int(request.GET.get("year") or years[-1])
    rows, hidden = [], 0
    n_all = (
        growth.filter((pl.col("year") == year) & (pl.col(level) == code))
        .select(pl.col("subregion").n_unique())
        .item()
        if growth.height
        else 0
    )
    agg = analytics.public_aggregates(
        growth.filter(pl.col("year") == year), level=level, by="subregion"
    )
    # The figures are grouped by the areas' Finnish names; each is shown in the page's language.
    area_names = {
        r.name_fi: r.name for r in Region.objects.filter(level__in=[Level.SUBREGION, Level.REGION])
    }
    for r in agg.filter(pl.col(level) == code).to_dicts():
        rows.append(
            {
                "area": area_names.get(r["subregion"], r["subregion"]),
                "n": r["n"],
                "median": round(r["median"], 1),
                "mean": round(r["mean"], 1),
                "q1": round(r["q1"], 1),
                "q3": round(r["q3"], 1),
            }
        )
    hidden = n_all - len(rows)
    totals = []
    for by in ("region", "country"):
        a = analytics.public_aggregates(growth.filter(pl.col("year") == year), level=level, by=by)
        for r in a.filter(pl.col(level) == code).to_dicts():
            totals.append(
                {
                    "area": area_names.get(r.get(by) or "", r.get(by)) or _("whole country"),
                    "n": r["n"],
                    "median": round(r["median"], 1),
                    "mean": round(r["mean"], 1),
                }
            )
    chart = charts.subregion_chart(rows, str(SOURCE), str(year)) if rows else None
    return render(
        request,
        "benchmark/industry.html",
        {
            "code": code,
            "item": item,
            "name": localised(item, "name") if item else "",
            "level_name": LEVEL_NAMES[level],
            "year": year,
            "years": years,
            "chart": chart,
            "totals": totals,
            "hidden": hidden,
            "min_group": analytics.MIN_GROUP,
        },
    )


@replica.reads_from_replica
def company(request: HttpRequest, business_id: str) -> HttpResponse:
    obj = permissions.get_company_for_user(request.user, business_id)
    growth = _growth()
    me = growth.filter(pl.col("business_id") == obj.business_id).sort("year")
    if me.height == 0:
        return render(request, "benchmark/company.html", {"company": obj, "comparisons": []})
    attrs = me.row(-1, named=True)
    year = attrs["year"]
    comparisons = []
    for value, label in (("turnover_growth", _("turnover")), ("personnel_growth", _("personnel"))):
        own = attrs[value]
        for c in analytics.compare(growth, attrs, year=year, value=value, own=own):
            comparisons.append(
                {
                    "measure": label,
                    "area": AREA_NAMES[c.area],
                    "area_name": c.area_name,
                    "level": LEVEL_NAMES[c.level],
                    "code": c.code,
                    "n": c.n,
                    "mean": c.mean,
                    "median": c.median,
                    "own": c.value,
                    "percentile": c.percentile,
                    "widened": LEVEL_NAMES[c.widened_from] if c.widened_from else None,
                }
            )
    series = []
    for r in me.filter(pl.col("turnover_growth").is_not_null()).to_dicts():
        found = analytics.compare(growth, attrs, year=r["year"], own=r["turnover_growth"])
        region = [c for c in found if c.area == "region"] or found
        series.append(
            {
                "year": r["year"],
                "own": round(r["turnover_growth"], 1),
                "median": round(region[0].median, 1) if region else None,
                "n": region[0].n if region else None,
            }
        )
    series = series[-12:]
    chart = charts.company_chart(
        series, str(SOURCE), f"{series[0]['year']}–{year}" if series else ""
    )
    return render(
        request,
        "benchmark/company.html",
        {
            "company": obj,
            "comparisons": comparisons,
            "year": year,
            "chart": chart,
            "size": SIZE_NAMES.get(obj.size_class() or "", ""),
            "min_group": analytics.MIN_GROUP,
            "can_edit": permissions.can_edit_company(request.user, obj),
        },
    )


def _cohort_context(request: HttpRequest, cohort: Cohort) -> dict[str, Any]:
    """What a cohort page shows: the estimate, interval, the parallel-trends chart and the
    result in words. The companies are listed for members only; the public sees only the
    aggregates, which exist only for groups of at least MIN_GROUP companies."""
    result = queries.cohort_impact(cohort)
    members = permissions.can_see_cohort_companies(request.user)
    enough = result.n_cohort >= analytics.MIN_GROUP and result.n_peers >= analytics.MIN_GROUP
    chart = None
    if result.trends and (enough or members):
        years = [t["year"] for t in result.trends]
        chart = charts.trends_chart(
            result.trends, cohort.start_year, str(SOURCE), f"{min(years)}–{max(years)}"
        )
    return {
        "cohort": cohort,
        "result": result,
        "statement": texts.impact_statement(result),
        "chart": chart,
        "companies": (
            list(cohort.companies.select_related("municipality").order_by("name"))
            if members
            else None
        ),
        "unmatched": result.unmatched if members else [],
        "n_listed": cohort.companies.count(),
        "can_edit": permissions.can_edit_cohort(request.user, cohort),
        "min_group": analytics.MIN_GROUP,
    }


def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = list(
        Cohort.objects.select_related("organisation").annotate(n_companies=Count("companies"))
    )
    links.attach(PROJECT, cohorts, "project")
    return render(
        request,
        "benchmark/cohort_list.html",
        {"cohorts": cohorts, "can_create": permissions.can_create_cohort(request.user)},
    )


def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Cohort.objects.select_related("organisation"), pk=pk)
    links.attach(PROJECT, [obj], "project")
    return render(request, "benchmark/cohort.html", _cohort_context(request, obj))


@login_required
@require_POST
def cohort_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's editors recompute its estimate in a worker and follow it on the job's
    page, which links back to the cohort."""
    obj = permissions.get_cohort_for_edit(request.user, pk)
    job = benchmark_jobs.recompute([obj], actor=request.user)
    return redirect("core:job", pk=job.pk)


def joutsa(request: HttpRequest) -> HttpResponse:
    """The demo's Joutsa pilot, a cohort like any other (kept for old links)."""
    obj = Cohort.objects.filter(name=JOUTSA_COHORT_NAME).first()
    if obj is None:
        raise Http404("the Joutsa pilot cohort is not loaded")
    return redirect(obj)


class CohortForm(forms.ModelForm):
    # A link to another capability (core.links), so a form field of its own, not a model field.
    project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("project")
    )
    file = forms.FileField(
        label=gettext_lazy("Companies from a CSV or XLSX file"),
        required=False,
        help_text=gettext_lazy("a header line business_id, then one business ID a line"),
    )
    business_ids = forms.CharField(
        label=gettext_lazy("Companies as a list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "business IDs (Y-tunnus), one a line; the file and the list are combined"
        ),
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "organisation",
            "project",
            "start_year",
            "pre_years",
            "post_years",
            "claim",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation: Any = self.fields["organisation"]
        organisation.queryset = permissions.cohort_organisations(user)
        own = permissions.member_organisation_id(user)
        if not self.instance.pk and own is not None:
            self.initial.setdefault("organisation", own)
        project: Any = self.fields["project"]
        project.queryset = links.candidates(PROJECT).select_related("lead").order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["project"] = links.target(PROJECT, self.instance)
            self.initial["business_ids"] = "\n".join(
                self.instance.companies.order_by("business_id").values_list(
                    "business_id", flat=True
                )
            )


def _cohort_form(request: HttpRequest, obj: Cohort | None) -> HttpResponse:
    if request.method == "POST" and obj is None:
        org = request.POST.get("organisation", "")
        permissions.check_can_create_cohort(request.user, int(org) if org.isdigit() else None)
    errors: list[FormatError] = []

    def save(form: CohortForm) -> Cohort:
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        listed = data.pop("business_ids")
        try:
            companies = services.cohort_members(
                upload.read() if upload else None, listed, file_name=upload.name if upload else ""
            )
        except InvalidRows as exc:
            errors.extend(exc.errors)
            raise Rejected from exc
        except FormatError as exc:
            errors.append(exc)
            raise Rejected from exc
        if obj is None:
            return services.create_cohort(actor=request.user, companies=companies, **data)
        services.update_cohort(obj, actor=request.user, companies=companies, **data)
        return obj

    result = submit(
        request,
        lambda data: CohortForm(
            data, request.FILES if data is not None else None, instance=obj, user=request.user
        ),
        save,
        record=obj,
    )
    if result.done:
        messages.success(request, _("Cohort added.") if obj is None else _("Changes saved."))
        return redirect(result.saved)
    return render(
        request,
        "benchmark/cohort_form.html",
        {"form": result.form, "cohort": obj, "errors": errors, "conflict": result.conflict},
        status=result.status,
    )


@login_required
def cohort_create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_create_cohort(request.user)
    return _cohort_form(request, None)


@login_required
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _cohort_form(request, permissions.get_cohort_for_edit(request.user, pk))


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[
            ("companies", gettext_lazy("companies: business_id, name, tol, municipality")),
            ("financials", gettext_lazy("financials: business_id, year, turnover, personnel")),
        ],
    )
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if not permissions.can_upload(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[FormatError] = []
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        allowed = permissions.editable_ids(request.user)
        notes: list[str] = []
        try:
            if kind == "companies":
                rows = list(table_rows(f.read(), f.name, services.COMPANY_COLUMNS, notes=notes))
                org = None
                org_id = edited_organisation_id(request.user)
                if allowed is not None and org_id is not None:
                    org = Organisation.objects.get(pk=org_id)
                report = services.import_companies(
                    rows, actor=request.user, organisation=org, allowed_ids=allowed
                )
            else:
                rows = list(table_rows(f.read(), f.name, services.FINANCIAL_COLUMNS, notes=notes))
                report = services.import_financials(rows, actor=request.user, allowed_ids=allowed)
        except InvalidRows as exc:
            errors = exc.errors
        except FormatError as exc:
            errors = [exc]
        else:
            report.warnings += notes
            messages.success(request, _("Imported: %(r)s.") % {"r": report})
            return redirect("benchmark:upload")
    return render(request, "benchmark/upload.html", {"form": form, "errors": errors})
