"""What the agreements app holds about a person, for their own data export: the signatures they made,
withdrew or declined, and the follow-ups they recorded."""

from typing import Any

from agreements.models import Decline, FollowUp, Signature, SignatureWithdrawal


def export(user: Any) -> dict[str, Any]:
    return {
        "signatures": [
            {
                "version": str(signature.version),
                "organisation": signature.organisation.name,
                "signed_at": signature.signed_at.isoformat(),
                "text_sha256": signature.text_sha256,
            }
            for signature in Signature.objects.filter(signed_by=user).select_related(
                "version__agreement", "organisation"
            )
        ],
        "withdrawals": [
            {"signature": str(w.signature), "reason": w.reason, "created": w.created_at.isoformat()}
            for w in SignatureWithdrawal.objects.filter(by=user).select_related(
                "signature__version__agreement", "signature__organisation"
            )
        ],
        "declines": [
            {"version": str(d.version), "organisation": d.organisation.name, "reason": d.reason}
            for d in Decline.objects.filter(by=user).select_related("version__agreement", "organisation")
        ],
        "follow_ups": [
            {
                "measure": str(f.measure),
                "period": str(f.period),
                "status": f.status,
                "spent_sek": f.spent_sek,
                "narrative": f.narrative,
            }
            for f in FollowUp.objects.filter(recorded_by=user).select_related("measure", "period__programme")
        ],
    }
