"""The job page: a background job's progress, then its result or its error."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from optiimi.core import jobs
from optiimi.core.models import Job


def visible_job(request: HttpRequest, pk: int) -> Job:
    """A job is shown to whoever started it (and to superusers); to anyone else it is not there."""
    job = Job.objects.filter(pk=pk).defer("payload", "result").first()
    user = request.user
    if job is None or not (
        user.is_superuser or (job.created_by_id and job.created_by_id == user.pk)
    ):
        raise Http404("No such job")
    return job


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "core/job.html", {"job": jobs.live(visible_job(request, pk))})


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the job page that htmx polls until the job has ended."""
    return render(request, "core/_job_status.html", {"job": jobs.live(visible_job(request, pk))})


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file a job made (a board pack's PDF), as a download."""
    job = visible_job(request, pk)
    data = Job.objects.values_list("result", flat=True).get(pk=job.pk)
    if data is None:
        raise Http404("This job made no file")
    response = HttpResponse(bytes(data), content_type=job.result_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{job.result_name or "result"}"'
    return response
