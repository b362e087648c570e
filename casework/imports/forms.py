"""Forms of the import: the file, the column mapping, the go-ahead."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField

from casework.imports.labels import FIELD_LABELS
from casework.imports.service import FIELDS

REQUIRED = _l("This field is required.")


class UploadForm(FlaskForm):
    file = FileField(_l("Beneficiary list (.xlsx or .csv, at most 10 MB)"), validators=[FileRequired(REQUIRED)],
                     render_kw={"accept": ".xlsx,.csv"})
    submit = SubmitField(_l("Upload and choose the columns"))


class MappingForm(FlaskForm):
    submit = SubmitField(_l("Check the rows"))

    @classmethod
    def for_headers(cls, headers: list[str]):
        """A form with one select per field, its choices being the file's columns."""
        class _Form(cls):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                choices = [("", str(_l("— not in the file —")))] + [
                    (str(i), h or f"#{i + 1}") for i, h in enumerate(headers)]
                for name in FIELDS:
                    getattr(self, name).choices = choices

        for name in FIELDS:
            setattr(_Form, name, SelectField(FIELD_LABELS[name], default=""))
        return _Form


class StartImportForm(FlaskForm):
    submit = SubmitField(_l("Import the valid rows"))
