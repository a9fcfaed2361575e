"""The declarative base and column types shared by every model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Enum, MetaData, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A datetime stored in UTC and always read back timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; eventsys stores timezone-aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: Constraint names that Alembic can find again on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_column(enum_class: type[enum.Enum]) -> Enum:
    """Store an enum by its value as a VARCHAR with a CHECK, the same on every database."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        name=enum_class.__name__.lower(),
        validate_strings=True,
    )


#: JSON everywhere; JSONB on PostgreSQL, whose plain json has no equality (a DISTINCT over the row would fail).
TRANSLATIONS_TYPE = JSON().with_variant(JSONB(), "postgresql")


def translations_column():
    """Text an organizer wrote in the interface languages beyond the default (English): {"ja": "…", "es": "…"}."""
    return mapped_column(TRANSLATIONS_TYPE, default=dict, server_default=text("'{}'"))


def stored_translations(record, texts) -> dict[str, dict[str, str]]:
    """Each text's translations as forms show them ({"venue_translations": {"ja": …}, …}): a row saved before its
    text had translations keeps the Japanese one only in `<text>_local`."""
    values = {}
    for text_name in texts:
        translations = dict(getattr(record, f"{text_name}_translations") or {})
        local = getattr(record, f"{text_name}_local", None)
        if local and "ja" not in translations:
            translations["ja"] = local
        values[f"{text_name}_translations"] = translations
    return values


class Model(DeclarativeBase):
    """Base of every model: an integer primary key."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION), type_annotation_map={datetime: UTCDateTime()}
    )

    id: Mapped[int] = mapped_column(primary_key=True)


class Timestamped:
    """Adds when a row was created."""

    #: When the row was created, in UTC.
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())
