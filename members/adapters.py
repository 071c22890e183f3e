"""django-allauth adapters: the portal has no open sign-up (members are invited by staff)."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """Nobody signs up alone: accounts are created by the chargé de mission."""
        return False
