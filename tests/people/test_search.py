"""Vietnamese name search on both engines: folding, đ/d, old and new tone placement, prefixes, scope."""

from datetime import date

import pytest

from casework.auth.models import Role
from casework.core.formatting import local_today
from casework.extensions import db
from casework.people import service
from casework.people.models import IdType, Sex
from casework.people.queries import visible_people
from casework.people.search import search_people
from tests.conftest import HN_WARD, KH_WARD_A, KH_WARD_B, unit

NAMES = ["Nguyễn Thị Tiếp", "Đặng Văn Đức", "Trần Thị Thuỷ", "Lê Thị Thủy", "Phạm Ngọc Ánh", "Đinh Thị Hường",
         "Nguyễn Văn Tiến", "Hoàng Hòa", "Võ Thị Hoà"]


@pytest.fixture
def people(app, make_user):
    worker = make_user(Role.COLLABORATOR, KH_WARD_A)
    made = {}
    for i, name in enumerate(NAMES):
        made[name] = service.create_person(
            service.PersonData(full_name=name, sex=Sex.FEMALE, birth_date=date(1950 + i, 1, 1),
                               id_type=IdType.CCCD, id_number=f"0561{50 + i:02d}00{i:04d}",
                               phone=f"090500{i:04d}"),
            actor=worker, unit=unit(KH_WARD_A), today=local_today())
    outsider = make_user(Role.COLLABORATOR, HN_WARD)
    made["outside"] = service.create_person(service.PersonData(full_name="Nguyễn Thị Tiếp Hà Nội"),
                                            actor=outsider, unit=unit(HN_WARD), today=local_today())
    db.session.commit()
    return worker, made


def _names(worker, query):
    return [p.full_name for p in search_people(visible_people(worker), query)]


@pytest.mark.parametrize(("query", "expected"), [
    ("nguyen thi tiep", ["Nguyễn Thị Tiếp"]),
    ("Nguyễn Thị Tiếp", ["Nguyễn Thị Tiếp"]),
    ("NGUYEN TIEP", ["Nguyễn Thị Tiếp"]),
    ("dang", ["Đặng Văn Đức"]),
    ("đặng văn đức", ["Đặng Văn Đức"]),
    ("duc", ["Đặng Văn Đức"]),
    ("huong", ["Đinh Thị Hường"]),
    ("anh", ["Phạm Ngọc Ánh"]),
])
def test_diacritics_and_d_are_ignored(people, query, expected):
    worker, _ = people
    assert _names(worker, query) == expected


def test_old_and_new_tone_placement_are_the_same(people):
    worker, _ = people
    assert sorted(_names(worker, "thuy")) == ["Lê Thị Thủy", "Trần Thị Thuỷ"]
    assert sorted(_names(worker, "Thuỷ")) == sorted(_names(worker, "Thủy"))
    assert sorted(_names(worker, "hoa")) == ["Hoàng Hòa", "Võ Thị Hoà"]


def test_word_prefixes_match_and_exact_names_rank_first(people):
    worker, _ = people
    assert _names(worker, "ngu ti") == ["Nguyễn Thị Tiếp", "Nguyễn Văn Tiến"]
    assert _names(worker, "nguyen van tien")[0] == "Nguyễn Văn Tiến"
    assert _names(worker, "tie") == ["Nguyễn Thị Tiếp", "Nguyễn Văn Tiến"]


def test_three_characters_minimum(people):
    worker, _ = people
    assert _names(worker, "ng") == []
    assert _names(worker, "  đ  ") == []


def test_cccd_and_phone_find_the_person(people):
    worker, made = people
    tiep = made["Nguyễn Thị Tiếp"]
    assert _names(worker, tiep.id_number) == ["Nguyễn Thị Tiếp"]
    assert _names(worker, tiep.id_number[:6]) != []
    assert _names(worker, "0905000000") == ["Nguyễn Thị Tiếp"]


def test_search_never_returns_a_person_out_of_scope(people, make_user):
    worker, _ = people
    assert "Nguyễn Thị Tiếp Hà Nội" not in _names(worker, "nguyen thi tiep ha noi")
    neighbour = make_user(Role.COLLABORATOR, KH_WARD_B)
    assert _names(neighbour, "nguyen thi tiep") == []
    province = make_user(Role.SUPERVISOR, "56")
    assert _names(province, "nguyen thi tiep") == ["Nguyễn Thị Tiếp"]


def test_a_renamed_person_is_found_by_the_new_name(people):
    worker, made = people
    person = made["Phạm Ngọc Ánh"]
    data = service.person_data_from(person)
    data.full_name = "Phạm Ngọc Ánh Dương"
    data.id_number = person.id_number
    service.update_person(person, data, actor=worker, expected_version=person.version, today=local_today())
    db.session.commit()
    assert _names(worker, "anh duong") == ["Phạm Ngọc Ánh Dương"]
