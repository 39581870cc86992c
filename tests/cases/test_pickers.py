"""The case form's pickers: a searched, scoped client list; sub-items grouped by item;
consent recorded on the case form when it is missing."""

import re
from html import unescape

from django.urls import reverse

from apps.accounts.masking import mask_name
from apps.cases.forms import client_label
from apps.cases.models import Case
from apps.catalogue.models import SubItem
from tests.cases.conftest import register, sub_item


def new_url(world):
    return reverse("cases:case_new", args=[world.contract_a.pk])


def client_options(html):
    """The value → label pairs of the client <select>."""
    select = re.search(r'<select name="client".*?</select>', html, re.S).group(0)
    return {v: unescape(t) for v, t in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)<', select)}


def test_picker_lists_only_matching_clients_of_the_chosen_community(world, client_for):
    other = world.contract_a.communities.exclude(pk=world.community_a.pk).first()
    here = register(world, "王小明", world.community_a, 701)
    namesake_elsewhere = register(world, "王小红", other, 702)
    not_matching = register(world, "李大山", world.community_a, 703)
    other_street = register(world, "王小刚", world.community_b, 704)
    http = client_for("social_worker")
    html = http.get(new_url(world), {"community": world.community_a.pk, "q": "王"}).content
    options = client_options(html.decode())
    assert set(options) == {str(here.pk)}
    assert "王小明" in options[str(here.pk)]
    # The other community of the same contract lists its own clients when chosen.
    html = http.get(new_url(world), {"community": other.pk, "q": "王"}).content.decode()
    assert set(client_options(html)) == {str(namesake_elsewhere.pk)}
    # A community outside the contract falls back to the contract's own; the other street's
    # client never appears, not even asked for by number.
    html = http.get(
        new_url(world), {"community": world.community_b.pk, "client": other_street.pk}
    ).content.decode()
    assert str(other_street.pk) not in client_options(html)
    assert "王小刚" not in html
    assert str(not_matching.pk) in client_options(html)


def test_picker_finds_by_masked_id_tail(world, client_for):
    wanted = register(world, "赵一", world.community_a, 711)
    register(world, "赵二", world.community_a, 712)
    tail = wanted.id_masked[-4:]
    html = client_for("social_worker").get(
        new_url(world), {"community": world.community_a.pk, "q": tail}
    )
    options = client_options(html.content.decode())
    assert list(options) == [str(wanted.pk)]
    assert options[str(wanted.pk)].endswith(f"…{tail})")


def test_picker_label_masks_names_when_the_reader_reads_them_masked(world):
    c = register(world, "钱多多", world.community_a, 713, consent=False)
    assert client_label(c, masked=True).startswith(mask_name("钱多多"))
    assert "钱多多" not in client_label(c, masked=True)
    assert "未记录知情同意" in client_label(c, masked=False)


def test_sub_items_render_as_checkboxes_grouped_under_their_item(world, client_for):
    html = client_for("social_worker").get(new_url(world)).content.decode()
    blocks = re.findall(r"<details class=\"border rounded mb-1\".*?</details>", html, re.S)
    table1 = SubItem.objects.filter(
        item__category__pilot_round=world.pilot_round, item__category__code="T1"
    ).select_related("item")
    expected_items = {s.item.code for s in table1}
    assert len(blocks) == len(expected_items) and len(table1) > len(blocks)
    seen = {}
    for block in blocks:
        summary = re.search(r"<summary[^>]*>\s*(\S+)", block).group(1)
        for pk in re.findall(r'type="checkbox" name="sub_items" value="(\d+)"', block):
            seen[int(pk)] = summary
    assert seen == {s.pk: s.item.code for s in table1}
    assert '<select name="sub_items"' not in html


def case_data(world, client, **extra):
    return {
        "kind": "individual",
        "community": world.community_a.pk,
        "client": client.pk,
        "sub_items": [sub_item(world).pk, sub_item(world, "A1-T1-2-1").pk],
        "assessment": "独居",
        "plan": "每周探访",
        "assigned_worker": world.users["social_worker"].pk,
        "opened_on": "2019-03-01",
        **extra,
    }


def test_missing_consent_is_offered_inline_and_the_case_opens_once_recorded(world, client_for):
    person = register(world, "孙无同意", world.community_a, 721, consent=False)
    http = client_for("social_worker")
    page = http.get(new_url(world), {"client": person.pk}).content.decode()
    assert re.search(r'<details class="border rounded p-2 mb-2 consent-inline" open>', page)
    refused = http.post(new_url(world), case_data(world, person))
    assert refused.status_code == 400 and not Case.objects.exists()
    assert "尚未记录知情同意" in refused.content.decode()
    assert 'name="consent_given_by"' in refused.content.decode()
    # A guardian's consent without the guardian's name: neither consent nor case is kept.
    bad = http.post(new_url(world), case_data(world, person, consent_given_by="guardian"))
    person.refresh_from_db()
    assert bad.status_code == 400 and person.consent_by == "" and not Case.objects.exists()
    done = http.post(
        new_url(world),
        case_data(world, person, consent_given_by="self", consent_on="2019-02-28"),
    )
    assert done.status_code == 302
    person.refresh_from_db()
    case = Case.objects.get()
    assert (person.consent_by, str(person.consent_on)) == ("self", "2019-02-28")
    assert case.client_id == person.pk
    assert set(case.sub_items.values_list("code", flat=True)) == {"A1-T1-1-1", "A1-T1-2-1"}


def test_consent_fields_stay_closed_for_a_consenting_client(world, client_for, client_a):
    page = client_for("social_worker").get(new_url(world), {"client": client_a.pk})
    html = page.content.decode()
    assert 'consent-inline">' in html and 'consent-inline" open' not in html
    assert str(client_a.pk) in client_options(html)
