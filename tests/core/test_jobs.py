"""Job progress pages: the starter and bureau staff see a job, nobody else does."""

from apps.core.jobs import job_create, job_fail, job_finish, job_progress, job_start
from tests.matrix import status_matrix

EXPECTED = {
    "bureau": 200,
    "district": 404,
    "street": 200,
    "community": 404,
    "agency_manager": 404,
    "supervisor": 404,
    "social_worker": 404,
    "other_social_worker": 404,
    "evaluator": 404,
}


def test_job_pages_are_visible_to_their_starter_and_the_bureau(world, client_for):
    job = job_create(actor=world.users["street"], kind="import", title="导入名单", total=10)
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status.json"):
        assert status_matrix(client_for, url, EXPECTED) == []


def test_job_status_reports_progress_then_result(world, client_for):
    job = job_create(actor=world.users["street"], kind="import", title="导入名单")
    client = client_for("street")
    job_start(job_id=job.pk, total=200)
    job_progress(job_id=job.pk, done=50, message="校验第50行")
    data = client.get(f"/jobs/{job.pk}/status.json").json()
    assert (data["status"], data["percent"], data["finished"]) == ("running", 25, False)
    assert "校验第50行" in data["message"]
    job_finish(job_id=job.pk, result={"imported": 200}, result_url="/")
    data = client.get(f"/jobs/{job.pk}/status.json").json()
    assert (data["status"], data["percent"], data["finished"]) == ("succeeded", 100, True)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "/static/js/job-progress.js" in page and "已完成" in page


def test_failed_job_says_why(world, client_for):
    job = job_create(actor=world.users["street"], kind="import", title="导入名单")
    job_fail(job_id=job.pk, error="第3行:身份证号校验位错误")
    data = client_for("street").get(f"/jobs/{job.pk}/status.json").json()
    assert data["status"] == "failed" and "校验位" in data["error"]
