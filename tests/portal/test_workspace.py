"""Each role's to-do list on the home page: an item appears when its condition holds and
disappears once the work is done (numbers counted from the data each test builds)."""

from datetime import date, timedelta

from apps.cases.models import ImportStatus, ReviewDecision, TargetListImport
from apps.cases.services import case_review
from apps.community.models import MeetingKind
from apps.community.services.meetings import quarterly_report_create
from apps.metrics.models import Snapshot
from apps.plans.services import adjustment_decide, adjustment_file, plan_save
from apps.portal.selectors import home_sections
from apps.procurement.models import ProjectYear
from apps.procurement.selectors import contract_lateness
from apps.procurement.services import lateness_decide
from tests.cases.conftest import add_record, open_case, register
from tests.community.builders import meeting
from tests.plans.builders import REQUIRED, content


def _todos(user, on=None) -> dict:
    """testid → item of every to-do item on the person's home."""
    return {t.testid: t for s in home_sections(user=user, on=on) for t in s["todos"]}


def _count(todos: dict, testid: str) -> int:
    return todos[testid].count if testid in todos else 0


def _first_day(world):
    """Contract A's first day of work in the first project year."""
    year = ProjectYear.objects.filter(pilot_round=world.pilot_round).order_by("number").first()
    return max(year.start, world.contract_a.start_date)


def test_worker_sees_open_cases_due_visits_and_review_state(world):
    worker, supervisor = world.users["social_worker"], world.users["supervisor"]
    assert "todo-open-cases" not in _todos(worker)
    client = register(world, "待办对象甲", world.community_a, 701)
    case = open_case(world, client, world.contract_a, world.community_a, worker, date(2019, 3, 1))
    on = date(2019, 5, 1)  # 61 days after opening, no record yet: a visit is due
    todos = _todos(worker, on)
    assert todos["todo-open-cases"].count == 1
    assert todos["todo-visits"].count == 1
    assert todos["todo-awaiting-review"].count == 1
    add_record(
        world, case, worker, on - timedelta(days=10), minutes=60, mode="home_visit", note="上门探访"
    )
    assert "todo-visits" not in _todos(worker, on)
    case_review(actor=supervisor, case=case, decision=ReviewDecision.RETURNED, comment="补充评估")
    todos = _todos(worker, on)
    assert "todo-awaiting-review" not in todos and todos["todo-returned"].count == 1
    case_review(actor=supervisor, case=case, decision=ReviewDecision.APPROVED)
    assert "todo-returned" not in _todos(worker, on)
    # The other agency's worker never sees it.
    assert "todo-open-cases" not in _todos(world.users["other_social_worker"], on)


def test_supervisor_and_manager_review_queue_empties_when_reviewed(world):
    worker = world.users["social_worker"]
    cases = [
        open_case(
            world,
            register(world, f"待审对象{i}", world.community_a, 710 + i),
            world.contract_a,
            world.community_a,
            worker,
        )
        for i in range(3)
    ]
    for persona in ("supervisor", "agency_manager"):
        assert _todos(world.users[persona])["todo-review-queue"].count == len(cases)
    for case in cases:
        case_review(actor=world.users["supervisor"], case=case, decision=ReviewDecision.APPROVED)
    assert "todo-review-queue" not in _todos(world.users["supervisor"])
    assert "todo-review-queue" not in _todos(world.users["agency_manager"])


def test_manager_sees_pace_warnings_and_quarterly_reports_due(world):
    manager = world.users["agency_manager"]
    c = world.contract_a
    on = c.start_date + timedelta(days=200)
    # Quarters wholly ended by ``on`` and within the contract, counted here by hand.
    ended = []
    y, q = c.start_date.year, (c.start_date.month - 1) // 3 + 1
    while True:
        q_end = date(y, 12, 31) if q == 4 else date(y, 3 * q + 1, 1) - timedelta(days=1)
        if q_end > on:
            break
        if q_end >= c.start_date:
            ended.append((y, q))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    todos = _todos(manager, on)
    assert todos["todo-quarterly"].count == len(ended) > 0
    y, q = ended[0]
    quarterly_report_create(
        actor=manager, contract=c, year=y, quarter=q, narrative="进展顺利", submitted_on=on
    )
    assert _count(_todos(manager, on), "todo-quarterly") == len(ended) - 1
    one = Snapshot.objects.filter(
        contract__agency=world.agency_a, is_current=True, applicable=True
    ).first()
    Snapshot.objects.filter(pk=one.pk).update(will_miss=True, expected_to_date=1)
    warnings = [
        s
        for s in Snapshot.objects.filter(contract__agency=world.agency_a)
        if s.is_current and s.applicable and s.will_miss
    ]
    assert _count(_todos(manager), "todo-pace") == len(warnings)
    assert len(warnings) >= 1
    Snapshot.objects.filter(pk__in=[s.pk for s in warnings]).update(will_miss=False)
    assert "todo-pace" not in _todos(manager)


def test_adjustment_waits_at_the_district_then_the_bureau(world):
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    proposal = content(world.contract_a, [*REQUIRED, "A1-T1-1-1", "A1-T1-3-1"], people=45)
    district, bureau = world.users["district"], world.users["bureau"]
    assert "todo-adjustments" not in _todos(district)
    adj = adjustment_file(
        actor=world.users["street"],
        plan=world.contract_a.execution_plan,
        reason="增加服务",
        proposal=proposal,
    )
    assert _todos(district)["todo-adjustments"].count == 1
    assert "todo-adjustments" not in _todos(bureau)
    adj = adjustment_decide(actor=district, adjustment=adj, approve=True)
    assert "todo-adjustments" not in _todos(district)
    assert _todos(bureau)["todo-adjustments"].count == 1
    adjustment_decide(actor=bureau, adjustment=adj, approve=True)
    assert "todo-adjustments" not in _todos(bureau)


def test_bureau_sees_late_teams_until_decided_and_red_indicators(world):
    bureau = world.users["bureau"]
    r = world.pilot_round
    late = [
        c for c in (world.contract_a, world.contract_b) if contract_lateness(contract=c).is_late
    ]
    type(world.contract_a).objects.filter(pk=world.contract_a.pk).update(
        team_formed_on=r.team_deadline + timedelta(days=r.late_deduction_days + 5)
    )
    world.contract_a.refresh_from_db()
    expected = len({world.contract_a.pk, *[c.pk for c in late if c.pk != world.contract_a.pk]})
    assert _todos(bureau)["todo-lateness"].count == expected
    lateness_decide(actor=bureau, contract=world.contract_a, reason="视情扣分", deduct_points=True)
    assert _count(_todos(bureau), "todo-lateness") == expected - 1
    red = [s for s in Snapshot.objects.all() if s.is_current and s.applicable and not s.met]
    assert _count(_todos(bureau), "todo-red") == len(red)


def test_community_weekly_meetings_due_and_assessment(world):
    user = world.users["community"]
    start = _first_day(world)
    on = start + timedelta(days=30)
    # Complete Monday–Sunday weeks between start and on, counted by hand.
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    weeks = []
    while monday + timedelta(days=6) <= on:
        weeks.append(monday)
        monday += timedelta(days=7)
    todos = _todos(user, on)
    assert todos["todo-weekly"].count == len(weeks) > 0
    assert "todo-assessment" in todos
    day = weeks[0] + timedelta(days=2)
    meeting(world.contract_a, MeetingKind.WEEKLY, world.community_a, day, user)
    assert _todos(user, on)["todo-weekly"].count == len(weeks) - 1


def test_street_upload_button_and_list_todo_until_a_list_is_imported(world, client_for):
    user = world.users["street"]
    body = client_for("street").get("/").content.decode()
    assert 'data-testid="upload-button"' in body
    assert "todo-list-upload" in _todos(user)
    TargetListImport.objects.create(
        organization=world.community_a,
        uploaded_by=user,
        original_name="名单.xlsx",
        stored_file="cases/imports/x.xlsx",
        size=10,
        status=ImportStatus.IMPORTED,
    )
    assert "todo-list-upload" not in _todos(user)


def test_street_monthly_meetings_due(world):
    user = world.users["street"]
    start = _first_day(world)
    on = start + timedelta(days=100)
    months = []
    y, m = start.year, start.month
    if start.day != 1:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    while True:
        nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        if nxt - timedelta(days=1) > on:
            break
        months.append(date(y, m, 1))
        y, m = nxt.year, nxt.month
    assert _todos(user, on)["todo-monthly"].count == len(months) > 0
    day = months[0] + timedelta(days=5)
    meeting(world.contract_a, MeetingKind.MONTHLY, world.contract_a.unit.street, day, user)
    assert _todos(user, on)["todo-monthly"].count == len(months) - 1


def test_evaluator_todo_sits_in_the_evaluator_section_once(world, client_for):
    body = client_for("evaluator").get("/").content.decode()
    assert body.count('data-testid="evaluation-todo"') == 1
    section = body.split('data-testid="section-evaluator"', 1)[1]
    assert 'data-testid="evaluation-todo"' in section
    assert 'data-testid="evaluation-todo"' not in client_for("bureau").get("/").content.decode()


def test_every_to_do_link_opens_a_page_for_its_person(world, client_for):
    """A to-do item's button is a link: it must open a page (never a form's POST-only address,
    which answers a GET with 405) for the person whose home shows it."""
    worker = world.users["social_worker"]
    client = register(world, "待办链接对象", world.community_a, 731)
    open_case(world, client, world.contract_a, world.community_a, worker, date(2019, 3, 1))
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    adjustment_file(
        actor=world.users["street"],
        plan=world.contract_a.execution_plan,
        reason="需求变化",
        proposal=content(world.contract_a, people=48),
    )
    seen = set()
    for persona in (
        "street",
        "community",
        "social_worker",
        "supervisor",
        "agency_manager",
        "district",
        "bureau",
    ):
        todos = _todos(world.users[persona])
        assert todos, persona
        http = client_for(persona)
        for testid, item in todos.items():
            for url in [item.url, *(url for _, url in item.rows if url)]:
                response = http.get(url)
                assert response.status_code == 200, (persona, testid, url, response.status_code)
            seen.add(testid)
    assert {"todo-visits", "todo-review-queue", "todo-adjustments"} <= seen


def test_a_get_to_a_post_only_address_gets_a_chinese_page(world, client_for):
    worker = world.users["social_worker"]
    client = register(world, "误访对象", world.community_a, 732)
    case = open_case(world, client, world.contract_a, world.community_a, worker, date(2019, 3, 1))
    response = client_for("social_worker").get(f"/cases/{case.pk}/records/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "该地址只接受表单提交" in response.content.decode()
