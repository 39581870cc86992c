"""GB 11643 identity numbers: check digit, birth date, sex, masking, encryption, keyed hash."""

from datetime import date

import pytest

from apps.cases import idcard
from tests.cases.helpers import bad_checksum, make_id


def test_valid_number_gives_birth_date_and_sex():
    male = idcard.parse(make_id("19800229", 123))  # 17th digit 3: odd → male; leap day
    assert male.birth_date == date(1980, 2, 29)
    assert male.sex == "male"
    assert idcard.parse(make_id("19800101", 124)).sex == "female"


def test_known_published_example_with_x_check_digit_is_accepted():
    # The check digit computed by hand from the standard's weights for this sequence.
    value = "11010519491231002X"
    assert idcard.check_digit(value[:17]) == "X"
    assert idcard.parse(value.lower()).value == value


def test_every_wrong_check_digit_is_refused():
    good = make_id("19700101", 5)
    for ch in "0123456789X":
        candidate = good[:17] + ch
        if ch == good[17]:
            assert idcard.parse(candidate).value == good
        else:
            with pytest.raises(idcard.IdNumberError, match="校验位"):
                idcard.parse(candidate)


@pytest.mark.parametrize("length", [17, 19])
def test_length_other_than_18_is_refused(length):
    with pytest.raises(idcard.IdNumberError, match="18位"):
        idcard.parse("1" * length)


def test_impossible_birth_date_is_refused_even_with_correct_check_digit():
    with pytest.raises(idcard.IdNumberError, match="不是有效日期"):
        idcard.parse(make_id("19990231"))
    with pytest.raises(idcard.IdNumberError, match="不是有效日期"):
        idcard.parse(make_id("19810229"))  # 1981 is not a leap year


def test_birth_date_boundaries_today_and_1900():
    today = date(2026, 1, 10)
    assert idcard.parse(make_id("20260110"), today=today).birth_date == today
    with pytest.raises(idcard.IdNumberError, match="合理范围"):
        idcard.parse(make_id("20260111"), today=today)
    assert idcard.parse(make_id("19000101"), today=today)
    with pytest.raises(idcard.IdNumberError, match="合理范围"):
        idcard.parse(make_id("18991231"), today=today)


def test_full_width_digits_and_excel_quote_are_normalised():
    value = make_id("19600101", 7)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in value)
    assert idcard.parse("'" + full_width).value == value


def test_letters_inside_are_refused():
    value = make_id()
    with pytest.raises(idcard.IdNumberError, match="前17位"):
        idcard.parse(value[:5] + "A" + value[6:])


def test_bad_checksum_helper_really_breaks_the_number():
    with pytest.raises(idcard.IdNumberError):
        idcard.parse(bad_checksum(make_id()))


def test_mask_shows_region_prefix_and_last_four_only():
    assert idcard.mask("32050219900101123X") == "3205**********123X"


def test_encryption_round_trips_and_ciphertext_hides_the_number():
    value = make_id()
    token = idcard.encrypt(value)
    assert value not in token
    assert idcard.decrypt(token) == value
    assert idcard.encrypt(value) != token  # Fernet is randomised


def test_keyed_hash_is_stable_and_differs_from_plain_sha256():
    import hashlib

    value = make_id()
    assert idcard.id_hash(value) == idcard.id_hash(value)
    assert idcard.id_hash(value) != hashlib.sha256(value.encode()).hexdigest()
    assert idcard.id_hash(value) != idcard.id_hash(make_id(seq=124))


def test_age_on_turns_on_the_birthday():
    born = date(2012, 6, 1)
    assert idcard.age_on(born, date(2026, 5, 31)) == 13
    assert idcard.age_on(born, date(2026, 6, 1)) == 14
