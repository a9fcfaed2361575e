"""Loaders and guards for views: fetch the object or answer 404, check the user or answer 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort, current_app
from flask_login import current_user, login_required
from sqlalchemy import select

from eventsys.extensions import db
from eventsys.models import Badge, Booth, BoothBooking, Center, Fair, Hall, Meeting, MeetingRequest, SlotProposal
from eventsys.services import permissions
from eventsys.services.accounts.users import PasswordPolicy
from eventsys.services.errors import NotFound
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.fairs import states as fair_states
from eventsys.services.meetings import requests as request_service

View = TypeVar("View", bound=Callable)


def organizer_required(view: View) -> View:
    """Only organizers and admins; anonymous users are sent to log in."""

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_organizer:
            abort(403)
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


def permission_required(predicate: Callable[..., bool]) -> Callable[[View], View]:
    """Only users for whom `predicate(user)` holds (one of services.permissions); anonymous users log in first."""

    def decorate(view: View) -> View:
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def admin_required(view: View) -> View:
    """Only admins; anonymous users are sent to log in."""

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


def load_fair(slug: str) -> Fair:
    """The fair, or 404; a draft is 404 too for everybody without a role at it (fair_states.is_visible_to)."""
    fair = fair_service.get_fair(db.session, slug)
    if fair is None or not fair_states.is_visible_to(current_user, fair):
        abort(404)
    return fair


def load_hall(fair: Fair, hall_slug: str) -> Hall:
    hall = fair_service.get_hall(db.session, fair, hall_slug)
    if hall is None:
        abort(404)
    return hall


def can_manage_fair(user, fair: Fair) -> bool:
    """Admins, and organizers of the fair's organizer organization (admins only when it has none)."""
    return permissions.manages_fair(user, fair)


def load_managed_fair(slug: str) -> Fair:
    """The fair, if the current user organizes it: 404 for an unknown fair, 403 for anyone else."""
    fair = load_fair(slug)
    if not can_manage_fair(current_user, fair):
        abort(403)
    return fair


def load_owned_fair(slug: str) -> Fair:
    """The fair, if the current user owns it (settings, staff): 404 for an unknown fair, 403 for anyone else."""
    fair = load_fair(slug)
    if not permissions.owns_fair(current_user, fair):
        abort(403)
    return fair


def load_check_in_fair(slug: str) -> Fair:
    """The fair, if the current user may work its check-in desk: 404 for an unknown fair, 403 for anyone else."""
    fair = load_fair(slug)
    if not permissions.checks_in_at(current_user, fair):
        abort(403)
    return fair


def load_managed_center(slug: str) -> Center:
    """A Business Support Center for those who may edit centers: 404 for an unknown one, 403 for anyone else."""
    if not permissions.can_manage_centers(current_user):
        abort(403)
    center = db.session.scalar(select(Center).where(Center.slug == slug))
    if center is None:
        abort(404)
    return center


def startup_organization():
    """The current user's startup, or 403 for anybody who does not belong to one."""
    from eventsys.models import OrganizationKind

    organization = current_user.organization if current_user.is_authenticated else None
    if organization is None or organization.kind != OrganizationKind.STARTUP:
        abort(403)
    return organization


def password_policy() -> PasswordPolicy:
    """The password rules and hashing cost from the settings."""
    return PasswordPolicy.from_config(current_app.config)


def load_badge(fair: Fair, badge_id: int) -> Badge:
    """The fair's badge `badge_id`, or 404 (also for another fair's)."""
    badge = db.session.get(Badge, badge_id)
    if badge is None or badge.fair_id != fair.id:
        abort(404)
    return badge


def load_active_badge(fair: Fair, badge_id: int) -> Badge:
    """As load_badge, and 404 for a revoked badge (a replaced one is revoked)."""
    badge = load_badge(fair, badge_id)
    if not badge.is_active:
        abort(404)
    return badge


def load_booth(fair: Fair, code: str) -> Booth:
    booth = db.session.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.code == code))
    if booth is None:
        abort(404)
    return booth


def load_booking(booking_id: int) -> BoothBooking:
    """A booking its startup's members or the fair's organizers may see; 404 for everybody else."""
    record = db.session.get(BoothBooking, booking_id)
    if record is None:
        abort(404)
    own = permissions.is_member(current_user, record.organization_id)
    if not own and not can_manage_fair(current_user, record.booth.fair):
        abort(404)
    return record


def load_managed_booking(booking_id: int) -> BoothBooking:
    """A booking of a fair the current user organizes: 404 for an unknown booking, 403 for anyone else."""
    record = load_booking(booking_id)
    load_managed_fair(record.booth.fair.slug)
    return record


def load_of_fair(fair: Fair, model, object_id: int):
    """A row of `model` that belongs to the fair (its `fair_id`), or 404: another fair's id is unknown here."""
    found = db.session.get(model, object_id)
    if found is None or found.fair_id != fair.id:
        abort(404)
    return found


def load_request(request_id: int) -> MeetingRequest:
    """A request of the current user's organization, or of a fair they organize; 404 for everybody else."""
    try:
        meeting_request = request_service.get_request(db.session, request_id)
    except NotFound:
        abort(404)
    if not current_user.is_authenticated or not permissions.can_see_request(db.session, current_user, meeting_request):
        abort(404)
    return meeting_request


def load_meeting(meeting_id: int) -> Meeting:
    """A meeting whose request the current user may see (load_request); 404 for everybody else."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.request is None:
        abort(404)
    load_request(meeting.request_id)
    return meeting


def load_proposal(proposal_id: int) -> SlotProposal:
    """Proposed slots whose request the current user may see (load_request); 404 for everybody else."""
    proposal = db.session.get(SlotProposal, proposal_id)
    if proposal is None:
        abort(404)
    load_request(proposal.request_id)
    return proposal


def load_managed_meeting(meeting_id: int) -> Meeting:
    """A meeting of a fair the current user organizes; 404 for everybody else, as for load_meeting."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not can_manage_fair(current_user, db.session.get(Fair, meeting.fair_id)):
        abort(404)
    return meeting
