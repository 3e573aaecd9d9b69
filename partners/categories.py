"""The shared vocabulary of incident categories: reports are filed in them and the Handslag
agreement's commitments promise response targets per category."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentCategory(models.TextChoices):
    VANDALISM = "vandalism", _("Vandalism")
    GRAFFITI = "graffiti", _("Graffiti")
    LITTERING = "littering", _("Littering")
    LIGHTING = "lighting", _("Lighting / dark spot")
    UNSAFE_PLACE = "unsafe_place", _("Unsafe place")
    DRUGS = "drugs", _("Drugs")
    YOUTH_UNREST = "youth_unrest", _("Youth unrest")
    FIRE = "fire", _("Fire")
    OTHER = "other", _("Other")
