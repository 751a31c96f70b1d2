"""The three axes of a community's policy, and the roles people hold in it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    OPEN = "open", _("Open: every employee reads")
    PRIVATE = "private", _("Private: listed, only members read")
    SECRET = "secret", _("Secret: only members know it exists")


class Joining(models.TextChoices):
    SELF = "self", _("Self-service: anyone may join")
    REQUEST = "request", _("On request: an editor approves")
    INVITATION = "invitation", _("By invitation only")


class Participation(models.IntegerChoices):
    """What an ordinary member may do; each level includes the ones before it."""

    READ = 1, _("Read")
    CONTRIBUTE = 2, _("Contribute: write their own posts, files and wiki edits")
    PUBLISH = 3, _("Publish: also edit and publish others' work")
    MODERATE = 4, _("Moderate: also remove and unpublish")


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    SPONSOR = "sponsor", _("Sponsor")
    EDITOR = "editor", _("Editor")


class Status(models.TextChoices):
    ACTIVE = "active", _("Member")
    REQUESTED = "requested", _("Asked to join")
    INVITED = "invited", _("Invited")


PRESETS = {
    "function": {
        "label": _("Function community: open, self-service, members contribute"),
        "visibility": Visibility.OPEN,
        "joining": Joining.SELF,
        "participation": Participation.CONTRIBUTE,
    },
    "bid_team": {
        "label": _("Bid team: private, by invitation, members contribute"),
        "visibility": Visibility.PRIVATE,
        "joining": Joining.INVITATION,
        "participation": Participation.CONTRIBUTE,
    },
    "confidential": {
        "label": _("Confidential team: secret, by invitation, members contribute"),
        "visibility": Visibility.SECRET,
        "joining": Joining.INVITATION,
        "participation": Participation.CONTRIBUTE,
    },
}
