"""API representations of admissions, supports, appeals (donations, hand-overs) and team activities.

Money is whole đồng: an integer in JSON.
"""

from __future__ import annotations

from marshmallow import Schema, fields

from casework.hospital.models import ActivityKind, AppealStatus, DonationKind, SupportKind, SupportSource
from casework.people.models import PovertyStatus
from casework.people.schemas import EnumValue, PageArgs, db_id, text
from casework.referrals.schemas import day, money, small_int


class SupportSchema(Schema):
    id = fields.Int()
    admission_id = fields.Int()
    kind = EnumValue(SupportKind)
    given_on = fields.Date()
    description = fields.Str()
    amount = fields.Int(allow_none=True, metadata={"description": "Whole đồng; the value when not cash"})
    source = EnumValue(SupportSource)
    partner_id = fields.Int(allow_none=True)
    sponsor = fields.Str()


class AppealMoneySchema(Schema):
    cash_raised = fields.Int()
    in_kind_value = fields.Int()
    handed_over = fields.Int()
    balance = fields.Int(metadata={"description": "cash_raised - handed_over"})


class AppealSummarySchema(Schema):
    id = fields.Int()
    admission_id = fields.Int()
    case_id = fields.Int()
    title = fields.Str()
    target_amount = fields.Int()
    opened_on = fields.Date()
    status = EnumValue(AppealStatus)
    closed_on = fields.Date(allow_none=True)
    money = fields.Nested(AppealMoneySchema)


class DonationSchema(Schema):
    id = fields.Int()
    received_on = fields.Date()
    partner_id = fields.Int(allow_none=True)
    donor = fields.Str()
    kind = EnumValue(DonationKind)
    amount = fields.Int()
    description = fields.Str()
    receipt_number = fields.Str()


class HandoverSchema(Schema):
    id = fields.Int()
    handed_on = fields.Date()
    amount = fields.Int()
    receipt_number = fields.Str()
    handed_over_by = fields.Str()
    received_by = fields.Str()
    note = fields.Str()


class AppealSchema(AppealSummarySchema):
    purpose = fields.Str()
    donations = fields.List(fields.Nested(DonationSchema))
    handovers = fields.List(fields.Nested(HandoverSchema))


class AdmissionSchema(Schema):
    id = fields.Int()
    case_id = fields.Int()
    case_number = fields.Function(lambda a: a.case.number)
    person_id = fields.Int()
    person_name = fields.Function(lambda a: a.person.full_name)
    hospital = fields.Function(lambda a: {"code": a.org_unit.code, "name": a.org_unit.name})
    department = fields.Str()
    admitted_on = fields.Date()
    discharged_on = fields.Date(allow_none=True)
    poverty = EnumValue(PovertyStatus)
    no_bhyt = fields.Bool()
    no_relatives = fields.Bool()
    unidentified = fields.Bool()
    violence_victim = fields.Bool()
    accident_victim = fields.Bool()
    hardships = fields.List(fields.Str())
    handed_off_to = fields.Function(lambda a: {"code": a.handed_off_to.code, "name": a.handed_off_to.name}
                                    if a.handed_off_to else None)


class AdmissionDetailSchema(AdmissionSchema):
    assessment_note = fields.Str()
    supports = fields.Method("_supports")
    appeals = fields.Method("_appeals")

    def _supports(self, admission):
        from casework.hospital.queries import admission_page_data

        return SupportSchema(many=True).dump(admission_page_data(admission)["supports"])

    def _appeals(self, admission):
        from casework.hospital.queries import admission_page_data
        from casework.hospital.service import appeal_money

        appeals = admission_page_data(admission)["appeals"]
        money = appeal_money([a.id for a in appeals])
        return AppealSummarySchema(many=True).dump([appeal_out(a, money[a.id]) for a in appeals])


def appeal_out(appeal, money) -> dict:
    """An appeal with its money, ready for AppealSummarySchema or AppealSchema."""
    return {"id": appeal.id, "admission_id": appeal.admission_id, "case_id": appeal.case_id, "title": appeal.title,
            "purpose": appeal.purpose, "target_amount": appeal.target_amount, "opened_on": appeal.opened_on,
            "status": appeal.status, "closed_on": appeal.closed_on, "money": money}


class AdmissionPageSchema(Schema):
    items = fields.List(fields.Nested(AdmissionSchema))
    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int()


class AppealPageSchema(Schema):
    items = fields.List(fields.Nested(AppealSummarySchema))
    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int()


class ActivitySchema(Schema):
    id = fields.Int()
    unit = fields.Function(lambda a: {"code": a.org_unit.code, "name": a.org_unit.name})
    kind = EnumValue(ActivityKind)
    held_on = fields.Date()
    title = fields.Str()
    participants = fields.Int()
    notes = fields.Str()


class ActivityPageSchema(Schema):
    items = fields.List(fields.Nested(ActivitySchema))
    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int()


class DischargeResultSchema(Schema):
    admission = fields.Nested(AdmissionSchema)
    notified = fields.Int(metadata={"description": "How many collaborators of the home commune were told"})


# Input ----------------------------------------------------------------------------------------

class AdmissionListArgs(PageArgs):
    in_hospital = fields.Bool(load_default=None, metadata={"description": "Only current stays (true) or ended ones"})


class AdmissionCreateSchema(Schema):
    case_id = db_id(required=True, metadata={"description": "An open case your unit works"})
    department = text(120, min_length=1, required=True)
    admitted_on = day(required=True)
    poverty = EnumValue(PovertyStatus, load_default=PovertyStatus.UNKNOWN)
    no_bhyt = fields.Bool(load_default=False)
    no_relatives = fields.Bool(load_default=False)
    unidentified = fields.Bool(load_default=False)
    violence_victim = fields.Bool(load_default=False)
    accident_victim = fields.Bool(load_default=False)
    assessment_note = text(3000, load_default="")


class SupportCreateSchema(Schema):
    kind = EnumValue(SupportKind, required=True)
    given_on = day(required=True)
    source = EnumValue(SupportSource, required=True)
    amount = money(allow_none=True, load_default=None, metadata={"description": "Required for cash"})
    description = text(300, load_default="")
    partner_id = db_id(allow_none=True, load_default=None)
    sponsor_name = text(200, allow_none=True, load_default=None,
                        metadata={"description": "A benefactor who is not a partner"})


class DischargeSchema(Schema):
    discharged_on = day(required=True)
    hand_off = fields.Bool(load_default=True, metadata={"description": "Hand the case to the home commune"})
    assignee_id = db_id(allow_none=True, load_default=None,
                        metadata={"description": "A collaborator of the home commune who takes the case"})
    note = text(2000, load_default="")


class AppealCreateSchema(Schema):
    title = text(200, min_length=1, required=True)
    purpose = text(3000, load_default="")
    target_amount = money(required=True)
    opened_on = day(required=True)


class AppealListArgs(PageArgs):
    status = EnumValue(AppealStatus, load_default=None)


class DonationCreateSchema(Schema):
    received_on = day(required=True)
    kind = EnumValue(DonationKind, required=True)
    amount = money(required=True)
    partner_id = db_id(allow_none=True, load_default=None)
    donor_name = text(200, allow_none=True, load_default=None)
    description = text(300, load_default="")
    receipt_number = text(40, load_default="")


class HandoverCreateSchema(Schema):
    handed_on = day(required=True)
    amount = money(required=True, metadata={"description": "At most the appeal's balance"})
    receipt_number = text(40, min_length=1, required=True)
    handed_over_by = text(200, min_length=1, required=True)
    received_by = text(200, min_length=1, required=True)
    note = text(2000, load_default="")


class ActivityListArgs(PageArgs):
    kind = EnumValue(ActivityKind, load_default=None)
    date_from = day(load_default=None)
    date_to = day(load_default=None)


class ActivityCreateSchema(Schema):
    kind = EnumValue(ActivityKind, required=True)
    held_on = day(required=True)
    title = text(200, min_length=1, required=True)
    participants = small_int(0, 100_000, required=True)
    notes = text(3000, load_default="")

