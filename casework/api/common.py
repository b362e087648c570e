"""What the people and cases APIs share: access checks declared on each view, the JSON answer for a
service's refusal, and a multipart parser that reads files and form fields with one schema."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g, jsonify, request
from flask_login import current_user
from flask_smorest import Blueprint, abort
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.http import HTTP_STATUS_CODES

from casework.auth.permissions import Perm, has_permission
from casework.cases.queries import get_visible_case
from casework.cases.service import CaseError
from casework.extensions import db
from casework.people.models import Person
from casework.people.queries import get_visible_person, visible_people
from casework.people.schemas import PersonSummarySchema
from casework.people.service import EditConflict, PersonError, SimilarPeopleFound

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


def case_in_scope(perm: Perm, may: Callable) -> Callable[..., None]:
    """403 without perm, 404 outside the caller's scope, 403 unless may(user, case); the case goes to g.case."""

    def check(case_id: int, **_url_args) -> None:
        permission(perm)()
        found = get_visible_case(current_user, case_id)
        if found is None:
            abort(404)
        if not may(current_user, found):
            abort(403)
        g.case = found

    return check


def body_limit(max_bytes: int):
    """Declare the largest request body a view accepts; a larger one is refused with 413, unread."""

    def decorator(view):
        view.max_content_length = max_bytes
        return view

    return decorator


def apply_body_limit(endpoint: str | None, _values) -> None:
    """url_value_preprocessor of the blueprints: it runs before every before_request (the app's own
    NUL check reads the form), so the limit holds before any of the body is read."""
    view = current_app.view_functions.get(endpoint) if endpoint else None
    limit = getattr(view, "max_content_length", None)
    if limit is not None:
        request.max_content_length = limit


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


# Multipart bodies -----------------------------------------------------------------------------

class MultipartParser(FlaskParser):
    """Location "files" reads a whole multipart/form-data body: its files and its text fields.

    One schema then describes every part, and the OpenAPI document gets a single multipart
    requestBody (a second, form-location schema would be documented as an OAS 2 formData parameter,
    which OpenAPI 3 does not have).
    """

    def load_files(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)

