"""Types the API's models share: timestamps written as they always were, and the base of every model."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

#: A moment in ISO 8601 with its offset ("2027-05-01T01:00:00+00:00"), as isoformat() writes it (Pydantic writes Z).
Timestamp = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class Schema(BaseModel):
    """A body of the API: read from the ORM objects' attributes of the same names; unknown input keys are ignored."""

    model_config = ConfigDict(from_attributes=True)
