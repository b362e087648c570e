"""/api/v1/people: search, register, read and update people in the caller's scope.

Also the pieces the people and cases APIs share: access checks declared on each view, and the
JSON answer for a service's refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import current_app, g, jsonify, request
from flask_login import current_user
from flask_smorest import Blueprint, abort
from werkzeug.http import HTTP_STATUS_CODES

from casework.api import require_api_user
from casework.auth.permissions import Perm, has_permission
from casework.cases.service import CaseError
from casework.extensions import db
from casework.orgunits.models import OrgUnit, UnitLevel
from casework.orgunits.queries import unit_by_code
from casework.people import service
from casework.people.models import Person
from casework.people.queries import get_visible_person, visible_people
from casework.people.schemas import (
    PersonCreateSchema,
    PersonListArgs,
    PersonPageSchema,
    PersonSchema,
    PersonSummarySchema,
    PersonUpdateSchema,
    ServiceErrorSchema,
)
from casework.people.search import search_people
from casework.people.service import EditConflict, PersonData, PersonError, SimilarPeopleFound

SEARCH_MAX_RESULTS = 1000  # a search is ranked, not counted: deeper pages come back empty

# Access checks --------------------------------------------------------------------------------
# A view declares its check with @access(...). The checks run as a before_request, ahead of
# require_api_user's CSRF check and of body parsing: a caller without the permission gets 403 and
# an object outside their scope 404, whatever they send.


def access(check: Callable[..., None]):
    """Declare the check a view needs; it receives the URL's arguments."""

    def decorator(view):
        view.access_check = check
        return view

    return decorator


def run_access_check() -> None:
    """before_request of the people and cases blueprints (registered before require_api_user)."""
    if request.method == "OPTIONS" or not current_user.is_authenticated:
        return  # require_api_user answers anonymous callers with 401
    view = current_app.view_functions.get(request.endpoint)
    check = getattr(view, "access_check", None)
    if check is not None:
        check(**(request.view_args or {}))


def permission(perm: Perm) -> Callable[..., None]:
    """403 unless the caller's role grants perm."""

    def check(**_url_args) -> None:
        if not has_permission(current_user, perm):
            abort(403)

    return check


def visible_person(perm: Perm) -> Callable[..., None]:
    """403 without perm, 404 unless the person is visible to the caller; the person goes to g.person."""

    def check(person_id: int, **_url_args) -> None:
        permission(perm)()
        person = get_visible_person(current_user, person_id)
        if person is None:
            abort(404)
        g.person = person

    return check


def actor():
    """The signed-in user itself (not the proxy), for services that keep a reference."""
    return current_user._get_current_object()


# Refusals by the services ---------------------------------------------------------------------

def refusal(status: int, message: str, errors: dict[str, list[str]], **extra):
    """{code, status, message, errors: {field: [code]}}; the service's changes are rolled back."""
    db.session.rollback()
    body = {"code": status, "status": HTTP_STATUS_CODES[status], "message": message, "errors": errors, **extra}
    return jsonify(body), status


def _person_error(exc: PersonError):
    return refusal(422, "The person's data was refused.", {exc.field: [exc.code]})


def _case_error(exc: CaseError):
    return refusal(422, "The case workflow refused this step.", {exc.field or "_schema": [exc.code]})


def _edit_conflict(_exc: EditConflict):
    return refusal(409, "Someone else saved this record after you read it: read it again and retry.",
                   {"version": ["edit_conflict"]})


def _similar_people(exc: SimilarPeopleFound):
    """Show the candidates the caller may see; only count the others."""
    ids = [person.id for person in exc.candidates]
    visible_ids = set(db.session.scalars(visible_people(current_user).with_only_columns(Person.id)
                                         .where(Person.id.in_(ids))))
    visible = [person for person in exc.candidates if person.id in visible_ids]
    candidates = PersonSummarySchema(many=True).dump(visible)
    return refusal(422, "Similar people are already registered: check them, or send allow_similar=true.",
                   {"full_name": ["similar_people"]}, candidates=candidates,
                   hidden_candidates=len(ids) - len(visible))


def register_refusals(blueprint: Blueprint) -> None:
    """Answer the services' exceptions with 422 (409 for an edit conflict) JSON."""
    blueprint.register_error_handler(PersonError, _person_error)
    blueprint.register_error_handler(CaseError, _case_error)
    blueprint.register_error_handler(EditConflict, _edit_conflict)
    blueprint.register_error_handler(SimilarPeopleFound, _similar_people)


# Endpoints ------------------------------------------------------------------------------------

blp = Blueprint("api_people", __name__, url_prefix="/api/v1/people", description="People in your scope")
blp.before_request(run_access_check)
blp.before_request(require_api_user)
register_refusals(blp)


@blp.route("", methods=["GET"])
@access(permission(Perm.VIEW_CASES))
@blp.arguments(PersonListArgs, location="query")
@blp.response(200, PersonPageSchema)
def list_people(args):
    """People in the caller's scope; with q, a search by name (diacritics ignored), CCCD or phone.

    Without q, people come by name with a total. With q, the best matches come first and total is
    null; results stop at 1,000.
    """
    page, per_page = args["page"], args["per_page"]
    scoped = visible_people(current_user)
    if args["q"] is None:
        stmt = scoped.order_by(Person.search_name, Person.id)
        pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
        return {"items": pagination.items, "page": page, "per_page": per_page, "total": pagination.total}
    found = search_people(scoped, args["q"], limit=min(page * per_page, SEARCH_MAX_RESULTS))
    return {"items": found[(page - 1) * per_page:], "page": page, "per_page": per_page, "total": None}


@blp.route("", methods=["POST"])
@access(permission(Perm.EDIT_CASES))
@blp.arguments(PersonCreateSchema)
@blp.response(201, PersonSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="Invalid data, a CCCD already registered, "
                  "or similar people exist (errors.full_name = similar_people, with candidates)")
def create_person(args):
    """Register a person in the caller's home unit.

    Without home_commune_code, the home commune is the caller's own unit when that is a commune
    (as on the registration page); send null for none.
    The same CCCD/CMND is refused (errors.id_number = id_taken). The same folded name, birth year
    and commune as someone already registered is refused with the candidates, unless allow_similar.
    """
    allow_similar = args.pop("allow_similar")
    fields = _person_fields(args)
    fields.setdefault("home_commune", _own_commune())
    data = PersonData(**fields)
    person = service.create_person(data, actor=actor(), unit=current_user.home_unit, today=date.today(),
                                   allow_similar=allow_similar)
    db.session.commit()
    return person


@blp.route("/<id:person_id>", methods=["GET"])
@access(visible_person(Perm.VIEW_CASES))
@blp.response(200, PersonSchema)
def get_person(person_id: int):
    """One person's record, with categories and version; 404 outside the caller's scope. The read is audited."""
    person = g.person
    service.record_view(person, actor=actor())
    db.session.commit()
    return person


@blp.route("/<id:person_id>", methods=["PATCH"])
@access(visible_person(Perm.EDIT_CASES))
@blp.arguments(PersonUpdateSchema)
@blp.response(200, PersonSchema)
@blp.alt_response(409, schema=ServiceErrorSchema, description="Someone saved the person since `version`")
def update_person(args, person_id: int):
    """Change some fields of a person; send the `version` you read (409 if someone saved since)."""
    person = g.person
    version = args.pop("version")
    data = service.person_data_from(person)
    for name, value in _person_fields(args).items():
        setattr(data, name, value)
    service.update_person(person, data, actor=actor(), expected_version=version, today=date.today())
    db.session.commit()
    return person


def _person_fields(args: dict) -> dict:
    """PersonData fields from the request: home_commune_code becomes the commune, if given."""
    fields = dict(args)
    if "home_commune_code" in fields:
        fields["home_commune"] = _commune(fields.pop("home_commune_code"))
    return fields


def _own_commune() -> OrgUnit | None:
    home = current_user.home_unit
    return home if home.level == UnitLevel.COMMUNE else None


def _commune(code: str | None) -> OrgUnit | None:
    """The commune with this code. Any commune of the country: it is where the person lives (a
    hospital registers patients from everywhere), not a scope; the record's scope is the caller's unit."""
    if not code:
        return None
    unit = unit_by_code(code)
    if unit is None or unit.level != UnitLevel.COMMUNE:
        raise PersonError("home_commune_code", "unknown_code")
    return unit

