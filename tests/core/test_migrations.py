"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from casework.extensions import db


def test_models_and_migrations_agree(app):
    def include(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and name.startswith("people_fts"))

    context = MigrationContext.configure(db.session.connection(), opts={"include_object": include,
                                                                         "compare_type": False})
    hand_made = ("ix_org_units_path_pattern", "ix_people_search_name_trgm")  # made in migrations, not in models
    diff = [d for d in compare_metadata(context, db.metadata)
            if not (d[0] == "remove_index" and d[1].name in hand_made)]
    assert diff == [], "run `flask db migrate` and review the script"
