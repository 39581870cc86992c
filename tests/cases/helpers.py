"""Real files and people for the cases tests: synthetic identity numbers with correct checks."""

from apps.cases import idcard
from apps.cases.spreadsheet import COLUMNS
from apps.core.clock import today
from tests.core import bulk_helpers as bulk_files

HEADERS = COLUMNS


def make_id(birth: str = "19500101", seq: int = 123, region: str = "320508") -> str:
    """A synthetic 18-character number with a correct GB 11643 check digit."""
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + idcard.check_digit(first17)


def bad_checksum(value: str) -> str:
    wrong = "0" if value[-1] != "0" else "1"
    return value[:-1] + wrong


def row(name, id_number, group="困境老年人服务", community="", phone="13912345678", **extra):
    values = {
        "姓名": name,
        "身份证号": id_number,
        "联系电话": phone,
        "困境人群类别": group,
        "所属社区": community,
        "住址": extra.get("address", ""),
        "备注": extra.get("note", ""),
    }
    return [values[h] for h in HEADERS]


def xlsx_bytes(rows, headers=HEADERS) -> bytes:
    return bulk_files.xlsx_bytes(headers, rows)


def csv_bytes(rows, encoding="utf-8", headers=HEADERS) -> bytes:
    return bulk_files.csv_bytes(headers, rows, encoding)


def adult_birth(years: int = 70) -> str:
    return f"{today().year - years}0101"


def street_a_upload(world, name: str, seq: int):
    """A one-row list (a distressed elder aged 70 in community A) uploaded, not yet confirmed,
    by the coordinator of contract A's street."""
    from apps.cases.services.imports import target_list_upload

    data = xlsx_bytes([row(name, make_id(adult_birth(70), seq), community=world.community_a.name)])
    return target_list_upload(
        actor=world.users["street"], organization=world.unit_a.street, name="名单.xlsx", data=data
    )
