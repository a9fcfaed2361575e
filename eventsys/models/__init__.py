"""Every model, importable from one place so Alembic and the services see the whole schema."""

from eventsys.models.audit import AuditEntry
from eventsys.models.badges import Badge, BadgeRole, BadgeStatus, CheckIn
from eventsys.models.base import Model, utcnow
from eventsys.models.booths import LIVE_BOOKING_STATUSES, BookingSource, BookingStatus, Booth, BoothBooking
from eventsys.models.centers import Center, CenterClosure, OpeningHours, Room
from eventsys.models.exhibitors import (
    ApplicationStatus,
    BoothApplication,
    BoothChoice,
    Exhibitor,
    ExhibitorStatus,
    WaitlistEntry,
    WaitlistStatus,
)
from eventsys.models.fairs import BookingMode, BoothType, Fair, Hall
from eventsys.models.investors import ShortlistEntry
from eventsys.models.meetings import (
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    RequestStatus,
    organization_pair,
)
from eventsys.models.organizations import (
    Currency,
    InvestorType,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    RegionInterest,
    Sector,
    Stage,
    StageInterest,
    Verification,
)
from eventsys.models.scheduling import Availability, ScheduleRun, ScheduleRunStatus
from eventsys.models.teams import TeamInvitation
from eventsys.models.users import SIGNUP_ROLES, Role, User, UserSession, new_calendar_token

__all__ = [
    "Availability",
    "ScheduleRun",
    "ScheduleRunStatus",
    "ApplicationStatus",
    "BoothApplication",
    "BoothChoice",
    "Exhibitor",
    "ExhibitorStatus",
    "WaitlistEntry",
    "WaitlistStatus",
    "AuditEntry",
    "Badge",
    "BadgeRole",
    "BadgeStatus",
    "BookingMode",
    "BookingSource",
    "BookingStatus",
    "Booth",
    "BoothBooking",
    "BoothType",
    "Center",
    "CenterClosure",
    "CheckIn",
    "Currency",
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
    "RegionInterest",
    "RequestStatus",
    "Role",
    "Room",
    "SIGNUP_ROLES",
    "Sector",
    "ShortlistEntry",
    "Stage",
    "StageInterest",
    "TeamInvitation",
    "User",
    "UserSession",
    "new_calendar_token",
    "Verification",
    "organization_pair",
    "utcnow",
]
