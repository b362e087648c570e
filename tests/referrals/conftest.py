"""Partners, cases and consent for referral tests."""


import pytest

from casework.core.formatting import local_today
from casework.extensions import db
from casework.people import service as people
from casework.people.models import ConsentScope
from casework.referrals import service as referrals
from casework.referrals.models import PartnerKind
from tests.cases.conftest import child, open_case, person, supervisor, worker  # noqa: F401
from tests.conftest import KH, unit


@pytest.fixture
def sponsor(app, worker):  # noqa: F811
    made = referrals.create_partner(
        referrals.PartnerData(name="Quỹ Khuyến học Ánh Dương", kind=PartnerKind.CHARITY, funds=["scholarship"]),
        actor=worker, unit=unit(KH))
    db.session.commit()
    return made


@pytest.fixture
def consent(worker):  # noqa: F811
    def _give(who):
        people.record_consent(who, actor=worker, scope=ConsentScope.DISCLOSURE, given_on=local_today(),
                              subject_agreed=True, guardian_agreed=True, guardian_name="Bà ngoại")
        db.session.commit()

    return _give
