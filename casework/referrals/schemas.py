"""API representations of partners, referrals, commitments, disbursements, follow-ups and notifications,
and what their endpoints accept.

Money is whole đồng: an integer in JSON, never a float or a string.
"""

from __future__ import annotations

from datetime import date

from marshmallow import Schema, fields, validate

from casework.cases.labels import SERVICES
from casework.cases.models import NoteKind
from casework.core.formatting import local_today
from casework.followups.models import FollowUpStatus
from casework.people.schemas import MAX_ID, EnumValue, PageArgs, storable_text, text
from casework.referrals.models import (
    CommitmentKind,
    CommitmentStatus,
    DisbursementStatus,
    Frequency,
    FundingSource,
    PartnerKind,
    ReferralStatus,
)
from casework.referrals.service import MAX_AMOUNT, is_missed, may_share

SERVICE_CODES = list(SERVICES)
REFERRAL_ACTIONS = ("send", "accept", "decline", "complete", "cancel", "override")
COMMITMENT_CHANGES = ("amount", "pause", "resume")
# Dates outside this range are typing errors; the bounds keep date arithmetic far from year 1 and 9999.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


class WholeNumber(fields.Integer):
    """A JSON integer: not a float (even 300000.0), not a string, not true/false."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def money(**kwargs) -> fields.Integer:
    """Whole đồng in a JSON body: an integer (not a float such as 300000.5, not a string), 1 to 10 billion."""
    kwargs.setdefault("metadata", {"description": "Whole đồng, an integer"})
    return WholeNumber(validate=validate.Range(min=1, max=MAX_AMOUNT), **kwargs)


def small_int(low: int, high: int, **kwargs) -> fields.Integer:
    return WholeNumber(validate=validate.Range(min=low, max=high), **kwargs)


def day(**kwargs) -> fields.Date:
    """An ISO date (YYYY-MM-DD) between 1900 and 2100."""
    return fields.Date(validate=validate.Range(min=EARLIEST, max=LATEST), **kwargs)


def service_code(**kwargs) -> fields.String:
    return fields.String(validate=[validate.OneOf(SERVICE_CODES), storable_text], **kwargs)


# Output ---------------------------------------------------------------------------------------

class PartnerSchema(Schema):
    """A donor, benefactor or service provider, kept by a unit (visible to its subtree and the units above)."""

    id = fields.Int()
    name = fields.Str()
    kind = EnumValue(PartnerKind)
    is_donor = fields.Bool()
    is_service_provider = fields.Bool()
    anonymous_to_family = fields.Bool()
    contact_name = fields.Str(allow_none=True)
    phone = fields.Str(allow_none=True)
    email = fields.Str(allow_none=True)
    address = fields.Str(allow_none=True)
    funds = fields.List(fields.Str(), metadata={"description": "Service codes the partner supports"})
    note = fields.Str(allow_none=True)
    org_unit_id = fields.Int()
    org_unit_code = fields.Function(lambda partner: partner.org_unit.code)
    active = fields.Bool()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class PartnerPageSchema(Schema):
    items = fields.List(fields.Nested(PartnerSchema))
    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int()


class TotalsSchema(Schema):
    """Money paid, in đồng, by source."""

    state_budget = fields.Int()
    socialised = fields.Int()
    total = fields.Int()


class UnitTotalsSchema(TotalsSchema):
    """Money paid, in đồng, by source, for the cases owned in a unit's subtree over a period."""

    unit_code = fields.Str()
    start = fields.Date(allow_none=True)
    end = fields.Date(allow_none=True, metadata={"description": "Exclusive"})


class PartnerReportRowSchema(Schema):
    case_id = fields.Int(allow_none=True, metadata={"description": "null for a case outside your scope"})
    number = fields.Str(allow_none=True, metadata={"description": "null for a case outside your scope"})
    service = fields.Str()
    paid = fields.Int()


class PartnerReportSchema(Schema):
    """What the partner funded, case by case; totals only for cases owned in your unit's subtree."""

    partner = fields.Nested(PartnerSchema)
    rows = fields.List(fields.Nested(PartnerReportRowSchema))
    totals = fields.Nested(TotalsSchema)


class ReferralSchema(Schema):
    id = fields.Int()
    case_id = fields.Int()
    case_number = fields.Function(lambda referral: referral.case.number)
    partner_id = fields.Int()
    partner_name = fields.Function(lambda referral: referral.partner.name)
    service = fields.Str()
    status = EnumValue(ReferralStatus)
    reason = fields.Str()
    shares_personal_data = fields.Bool()
    legal_basis = fields.Str(allow_none=True)
    consent_override_by_id = fields.Int(allow_none=True)
    consent_override_reason = fields.Str(allow_none=True)
    may_share = fields.Function(lambda referral: may_share(referral, local_today()), metadata={
        "description": "Whether it may be sent today: no personal data, a legal basis, consent in force or "
                       "an override"})
    sent_on = fields.Date(allow_none=True)
    responded_on = fields.Date(allow_none=True)
    completed_on = fields.Date(allow_none=True)
    response_note = fields.Str(allow_none=True)
    outcome = fields.Str(allow_none=True)
    created_by_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class DisbursementSchema(Schema):
    """One instalment: expected on a date, then paid (or cancelled when the commitment pauses)."""

    id = fields.Int()
    commitment_id = fields.Int()
    case_id = fields.Int()
    expected_on = fields.Date()
    amount_expected = fields.Int()
    status = EnumValue(DisbursementStatus)
    missed = fields.Function(lambda row: is_missed(row, local_today()),
                             metadata={"description": "Expected and more than 10 days late"})
    paid_on = fields.Date(allow_none=True)
    amount_paid = fields.Int(allow_none=True)
    source = EnumValue(FundingSource)
    receipt_attachment_id = fields.Int(allow_none=True)
    note = fields.Str(allow_none=True)
    recorded_by_id = fields.Int(allow_none=True)


class CommitmentSchema(Schema):
    """What a partner promised, with its schedule; amount is whole đồng per instalment."""

    id = fields.Int()
    case_id = fields.Int()
    partner_id = fields.Int()
    partner_name = fields.Function(lambda commitment: commitment.partner.name)
    referral_id = fields.Int(allow_none=True)
    service = fields.Str()
    kind = EnumValue(CommitmentKind)
    description = fields.Str()
    amount = fields.Int()
    source = EnumValue(FundingSource)
    frequency = EnumValue(Frequency)
    start_on = fields.Date()
    end_on = fields.Date(allow_none=True)
    months = fields.List(fields.Int())
    day_of_month = fields.Int()
    status = EnumValue(CommitmentStatus)
    paused_on = fields.Date(allow_none=True)
    created_by_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()


class CommitmentDetailSchema(CommitmentSchema):
    disbursements = fields.List(fields.Nested(DisbursementSchema))
    paid = fields.Int(metadata={"description": "Total paid so far, in đồng"})


class CommitmentChangeResultSchema(Schema):
    changed = fields.Int(metadata={"description": "How many instalments the change touched"})
    commitment = fields.Nested(CommitmentDetailSchema)


class FollowUpSchema(Schema):
    id = fields.Int()
    case_id = fields.Int()
    case_number = fields.Function(lambda followup: followup.case.number)
    title = fields.Str()
    kind = fields.Str()
    due_on = fields.Date()
    assignee_id = fields.Int(allow_none=True)
    status = EnumValue(FollowUpStatus)
    recurrence_months = fields.Int(allow_none=True)
    done_at = fields.DateTime(allow_none=True)
    outcome = fields.Str(allow_none=True)
    created_at = fields.DateTime()


class AgendaSchema(Schema):
    """Your open follow-ups on open cases."""

    date = fields.Date(metadata={"description": "The day the agenda is for (today)"})
    overdue = fields.List(fields.Nested(FollowUpSchema))
    today = fields.List(fields.Nested(FollowUpSchema))
    next_7_days = fields.List(fields.Nested(FollowUpSchema))


class FollowUpDoneResultSchema(Schema):
    followup = fields.Nested(FollowUpSchema)
    next = fields.Nested(FollowUpSchema, allow_none=True,
                         metadata={"description": "The next one, for a recurring follow-up"})


class NotificationSchema(Schema):
    id = fields.Int()
    kind = fields.Str()
    title = fields.Str()
    body = fields.Str()
    digest_date = fields.Date(allow_none=True)
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class NotificationPageSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema))
    page = fields.Int()
    per_page = fields.Int()
    total = fields.Int()


# Input ----------------------------------------------------------------------------------------

class PartnerListArgs(PageArgs):
    q = text(100, load_default="", metadata={"description": "Part of the name"})


class PartnerCreateSchema(Schema):
    name = text(200, min_length=1, required=True)
    kind = EnumValue(PartnerKind, required=True)
    is_donor = fields.Bool(load_default=True)
    is_service_provider = fields.Bool(load_default=False)
    anonymous_to_family = fields.Bool(load_default=False, metadata={"description": "Hidden from the family"})
    contact_name = text(200, allow_none=True, load_default=None)
    phone = text(16, allow_none=True, load_default=None)
    email = text(200, allow_none=True, load_default=None, extra=[validate.Email()])
    address = text(300, allow_none=True, load_default=None)
    funds = fields.List(service_code(), load_default=list, validate=validate.Length(max=len(SERVICE_CODES)))
    note = text(2000, allow_none=True, load_default=None)


class PartnerUpdateSchema(Schema):
    """Fields not sent keep their value."""

    name = text(200, min_length=1)
    kind = EnumValue(PartnerKind)
    is_donor = fields.Bool()
    is_service_provider = fields.Bool()
    anonymous_to_family = fields.Bool()
    contact_name = text(200, allow_none=True)
    phone = text(16, allow_none=True)
    email = text(200, allow_none=True, extra=[validate.Email()])
    address = text(300, allow_none=True)
    funds = fields.List(service_code(), validate=validate.Length(max=len(SERVICE_CODES)))
    note = text(2000, allow_none=True)


class ReferralCreateSchema(Schema):
    partner_id = WholeNumber(required=True, validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "An active partner you may see"})
    service = service_code(required=True)
    reason = text(3000, min_length=1, required=True, metadata={"description": "What is asked of the partner"})
    shares_personal_data = fields.Bool(load_default=True)
    legal_basis = text(300, allow_none=True, load_default=None,
                       metadata={"description": "The legal basis, when sharing personal data without consent"})


class ReferralActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(REFERRAL_ACTIONS), metadata={
        "description": "send, accept, decline, complete (note = outcome), cancel, override (supervisors; "
                       "note = reason)"})
    note = text(3000, load_default="")


class CommitmentCreateSchema(Schema):
    kind = EnumValue(CommitmentKind, required=True)
    amount = money(required=True)
    source = EnumValue(FundingSource, required=True)
    frequency = EnumValue(Frequency, required=True)
    start_on = day(required=True)
    end_on = day(allow_none=True, load_default=None, metadata={"description": "Required for a monthly one"})
    months = fields.List(small_int(1, 12), load_default=list, validate=validate.Length(max=12), metadata={
        "description": "Months of the year that pay (monthly only); empty means every month"})
    day_of_month = small_int(1, 31, load_default=5)
    description = text(300, load_default="")
    service = service_code(allow_none=True, load_default=None,
                           metadata={"description": "Defaults to the referral's service"})


class CommitmentChangeSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(COMMITMENT_CHANGES))
    from_date = day(required=True, metadata={"description": "Instalments due from this date on change"})
    amount = money(allow_none=True, load_default=None, metadata={"description": "The new amount (action=amount)"})


class PaymentSchema(Schema):
    paid_on = day(required=True, metadata={"description": "Not in the future"})
    amount = money(required=True)
    source = EnumValue(FundingSource, allow_none=True, load_default=None,
                       metadata={"description": "Defaults to the instalment's source"})
    note = text(500, load_default="")


class TotalsArgs(Schema):
    unit_code = text(32, load_default=None, metadata={"description": "A unit in your scope; default your own"})
    start = day(load_default=None, metadata={"description": "Payments on or after this date"})
    end = day(load_default=None, metadata={"description": "Payments before this date (exclusive)"})


class FollowUpCreateSchema(Schema):
    title = text(200, min_length=1, required=True)
    kind = fields.String(required=True, validate=validate.OneOf([kind.value for kind in NoteKind]))
    due_on = day(required=True)
    recurrence_months = small_int(1, 24, allow_none=True, load_default=None,
                                  metadata={"description": "Repeat every N months"})


class FollowUpDoneSchema(Schema):
    outcome = text(3000, min_length=1, required=True)


class NotificationListArgs(PageArgs):
    unread = fields.Bool(load_default=None, metadata={"description": "Only unread (true) or read (false) ones"})
