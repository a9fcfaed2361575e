"""Every model, importable from one place so Alembic and the services see the whole schema."""

from eventsys.models.audit import AuditEntry
from eventsys.models.badges import Badge, BadgeRole, BadgeStatus, CheckIn
from eventsys.models.base import Model, utcnow
from eventsys.models.booths import LIVE_BOOKING_STATUSES, BookingStatus, Booth, BoothBooking
from eventsys.models.centers import Center, CenterClosure, OpeningHours, Room
from eventsys.models.fairs import BookingMode, BoothType, Fair, Hall
from eventsys.models.meetings import (
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    RequestStatus,
    organization_pair,
)
from eventsys.models.organizations import (
    InvestorType,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    Sector,
    Stage,
    Verification,
)
from eventsys.models.users import SIGNUP_ROLES, Role, User

__all__ = [
    "AuditEntry",
    "Badge",
    "BadgeRole",
    "BadgeStatus",
    "BookingMode",
    "BookingStatus",
    "Booth",
    "BoothBooking",
    "BoothType",
    "Center",
    "CenterClosure",
    "CheckIn",
    "Fair",
    "Hall",
    "InvestorType",
    "LIVE_BOOKING_STATUSES",
    "Meeting",
    "MeetingParticipant",
    "MeetingRequest",
    "MeetingStatus",
    "MemberRole",
    "Membership",
    "Model",
    "OpeningHours",
    "Organization",
    "OrganizationKind",
    "Region",
    "RequestStatus",
    "Role",
    "Room",
    "SIGNUP_ROLES",
    "Sector",
    "Stage",
    "User",
    "Verification",
    "organization_pair",
    "utcnow",
]
