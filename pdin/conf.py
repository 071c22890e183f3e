"""Settings of the PDIN registrations, with their defaults (read at call time, so tests can override).

- ``PDIN_WAITLIST_OFFER_HOURS`` (48): how long a freed place is held for the first waiting
  person. Shorter when the edition is close: an offer always ends when the last-minute
  window opens (see ``services.last_minute_from``).
- ``PDIN_REGISTRATION_RETENTION_MONTHS`` (6): registrants' personal data are blanked this
  many months after the edition's last day (RGPD: storage limitation).
- ``PDIN_PROPOSAL_RETENTION_MONTHS`` (6): the name and e-mail of a resident who proposed through
  the public form are blanked this many months after the proposal is settled (refused, or
  published and its edition past: ``services.proposal_purge_due_on``); the proposal stays.
- ``PDIN_REGISTRATION_RATE_LIMIT`` (100): registration attempts per IP address per hour; high,
  because a social centre or a library registers many people from one address.
- ``PDIN_REGISTRATION_EMAIL_RATE_LIMIT`` (5): registration attempts per e-mail address per hour,
  all editions together.
- ``PDIN_CONTACT_PHONE`` (empty): the phone number shown with a refusal, to register by phone.
- ``PDIN_RESOURCE_MAX_BYTES`` (20 MB): largest uploaded PDF.
- ``PDIN_SUPPORT_LINK_HOURS`` (48): how long the e-mailed link confirming a visitor's support
  of a proposal stays valid.
- ``PDIN_PUBLIC_PROPOSAL_RATE_LIMIT`` (``"5/h/ip"``): proposals from the public form, in
  allauth's rate notation (``cln_portal.ratelimit``).
- ``PDIN_PUBLIC_SUPPORT_RATE_LIMIT`` (``"30/h/ip,3/h/key"``): requests for a support link,
  per IP address and per e-mail address (the key); a library's Wi-Fi is one address.
"""

from django.conf import settings


def offer_hours() -> int:
    return getattr(settings, "PDIN_WAITLIST_OFFER_HOURS", 48)


def retention_months() -> int:
    return getattr(settings, "PDIN_REGISTRATION_RETENTION_MONTHS", 6)


def proposal_retention_months() -> int:
    return getattr(settings, "PDIN_PROPOSAL_RETENTION_MONTHS", 6)


def rate_limit() -> int:
    return getattr(settings, "PDIN_REGISTRATION_RATE_LIMIT", 100)


def email_rate_limit() -> int:
    return getattr(settings, "PDIN_REGISTRATION_EMAIL_RATE_LIMIT", 5)


def contact_phone() -> str:
    return getattr(settings, "PDIN_CONTACT_PHONE", "")


def support_link_hours() -> int:
    return getattr(settings, "PDIN_SUPPORT_LINK_HOURS", 48)


def public_proposal_rate_limit() -> str:
    return getattr(settings, "PDIN_PUBLIC_PROPOSAL_RATE_LIMIT", "5/h/ip")


def public_support_rate_limit() -> str:
    return getattr(settings, "PDIN_PUBLIC_SUPPORT_RATE_LIMIT", "30/h/ip,3/h/key")
