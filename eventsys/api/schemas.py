"""Types the API's models share: timestamps written as they always were, ids in bounds, the base of every model."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from eventsys.request_checks import MAX_ID

#: A moment in ISO 8601 with its offset ("2027-05-01T01:00:00+00:00"), as isoformat() writes it (Pydantic writes Z).
Timestamp = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]

#: A row's id sent in a body: one past what the database stores would fail in the query, not as "not found".
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Schema(BaseModel):
    """A body of the API: read from the ORM objects' attributes of the same names; unknown input keys are ignored."""

    model_config = ConfigDict(from_attributes=True)
