"""What the agreements app holds about a person, registered with partners.privacy: the signatures
they made, withdrew or declined, and the follow-ups they recorded."""

from agreements.models import Decline, FollowUp, Signature, SignatureWithdrawal
from partners import privacy


def register() -> None:
    privacy.register(
        Signature,
        "signed_by",
        section="signatures",
        fields=["version", "organisation", "signed_at", "text_sha256"],
    )
    privacy.register(
        SignatureWithdrawal, "by", section="withdrawals", fields=["signature", "reason", "created_at"]
    )
    privacy.register(Decline, "by", section="declines", fields=["version", "organisation", "reason"])
    privacy.register(
        FollowUp,
        "recorded_by",
        section="follow_ups",
        fields=["measure", "period", "status", "spent_sek", "narrative"],
    )
