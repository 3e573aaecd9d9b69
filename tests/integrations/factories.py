"""Keys and webhooks made through the services, as an organisation admin would."""

from integrations import services


def issue_key(organisation, *, scopes=("read",), name="Arbetsorder", expires_at=None):
    """The real service with by=None (the command line's path): returns (key, secret)."""
    issued = services.create_api_key(
        organisation=organisation, by=None, name=name, scopes=list(scopes), expires_at=expires_at
    )
    return issued.key, issued.secret
