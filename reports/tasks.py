"""The background render of a stored report version (django-tasks; `manage.py db_worker`).

Only WeasyPrint runs here: the HTML was fixed when the version was cut (reports/versions.py).
A failure is queued again up to REPORT_RENDER_ATTEMPTS times, then the version is "failed"
and the report page offers "try again"; earlier versions stay available throughout.
"""

from django_tasks import task

from . import pdf, versions


@task()
def render_report_version(version_id: int) -> str:
    version = versions.start_render(version_id)
    if version is None:
        return "nothing to do"
    try:
        data = pdf.html_to_pdf(version.html)
    except Exception as error:
        versions.render_failed(version_id, error)
        raise
    return "stored" if versions.store_render(version_id, data) else "already stored"
