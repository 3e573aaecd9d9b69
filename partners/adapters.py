"""allauth adapter for a closed network: nobody signs up; invitations create accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class ClosedNetworkAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
