"""The persona matrix shared by every app's permission tests.

Usage: ``assert status_matrix(client_for, url, {"bureau": 200, …}) == []`` — the result lists
(persona, got, expected) for every persona whose status differs. Anonymous visitors must be
sent to the login page (pages) or refused (API) unless ``anonymous`` says otherwise.
"""

from tests.factories import PERSONAS

ALL = {p: 200 for p in PERSONAS if p != "anonymous"}
# Who sees what belongs to 沧浪街道 (agency A's contract) and to 娄葑街道 (agency B's).
SIDE_A = {
    "bureau": 200,
    "district": 200,
    "street": 200,
    "community": 200,
    "agency_manager": 200,
    "supervisor": 200,
    "social_worker": 200,
    "other_social_worker": 404,
    "evaluator": 200,
}
SIDE_B = {
    "bureau": 200,
    "district": 404,
    "street": 404,
    "community": 404,
    "agency_manager": 404,
    "supervisor": 404,
    "social_worker": 404,
    "other_social_worker": 200,
    "evaluator": 200,
}
# Writing agency work on contract A: its agency's staff only; others in scope get 403.
WRITE_A = {
    "bureau": 403,
    "district": 403,
    "street": 403,
    "community": 403,
    "agency_manager": 200,
    "supervisor": 200,
    "social_worker": 200,
    "other_social_worker": 404,
    "evaluator": 403,
}


def ids_by_side(a, b) -> dict[str, set]:
    """What each persona's list shows of two rows, A's (``a``) and B's (``b``): the rows on
    the sides the persona sees (``SIDE_A``/``SIDE_B``)."""
    return {
        persona: {pk for pk, side in ((a, SIDE_A), (b, SIDE_B)) if side[persona] == 200}
        for persona in SIDE_A
    }


def api_sides(path, key, a, b, *, attr="pk") -> dict:
    """Three rows of a ``{name: (url_of, expected)}`` table, ``url_of(world, objects)``, for
    the API resource at ``/api/v1/<path>/``: ``api_<key>s``, its list, open to every signed-in
    persona; ``api_<key>_a`` and ``api_<key>_b``, the details of the planted objects ``a``
    (side A's) and ``b`` (side B's), found by the object's ``attr``."""

    def detail(obj):
        return lambda w, objects: f"/api/v1/{path}/{getattr(objects[obj], attr)}/"

    return {
        f"api_{key}s": (lambda w, objects: f"/api/v1/{path}/", ALL),
        f"api_{key}_a": (detail(a), SIDE_A),
        f"api_{key}_b": (detail(b), SIDE_B),
    }


def row_matrix(table, name, client_for, *url_args, **request):
    """``status_matrix`` for the row ``name`` of a ``{name: (url_of, expected)}`` table, the
    URL being ``url_of(*url_args)``; ``request`` as for ``status_matrix`` (method, data)."""
    url_of, expected = table[name]
    return status_matrix(client_for, url_of(*url_args), expected, **request)


def to_login(response):
    return response.status_code == 302 and "/login/?next=" in response["Location"]


def api_refused(response):
    return response.status_code in (401, 403)


def status_matrix(client_for, url, expected, *, method="get", data=None, anonymous=None):
    """Request ``url`` as every persona; return the rows that differ from ``expected``."""
    if anonymous is None:
        anonymous = api_refused if url.startswith("/api/") else to_login
    wrong = []
    for persona in PERSONAS:
        client = client_for(persona)
        call = getattr(client, method)
        response = call(url, data) if data is not None else call(url)
        if persona == "anonymous":
            if not anonymous(response):
                wrong.append((persona, response.status_code, "login required"))
        elif response.status_code != expected[persona]:
            wrong.append((persona, response.status_code, expected[persona]))
    return wrong


def post_matrix(client_for, url, expected, data):
    """``status_matrix`` for a form's POST of ``data`` (each persona posts it once)."""
    return status_matrix(client_for, url, expected, method="post", data=data)


def api_ids(client, url):
    """The ids an API list gives ``client`` (paginated or not)."""
    data = client.get(url).json()
    rows = data["results"] if isinstance(data, dict) else data
    return {row["id"] for row in rows}
