from .community import CommunityIndexPage, CommunityPage, Membership
from .discussion import BestComment, Comment, HelpfulVote
from .policy import PRESETS, Joining, Participation, Role, Status, Visibility
from .posts import PostKind, PostPage, PostTag, ReadReceipt
from .social import Activity, Follow, HomeVisit, Verb

__all__ = [
    "PRESETS",
    "Activity",
    "BestComment",
    "Comment",
    "CommunityIndexPage",
    "CommunityPage",
    "Follow",
    "HelpfulVote",
    "HomeVisit",
    "Joining",
    "Membership",
    "Participation",
    "PostKind",
    "PostPage",
    "PostTag",
    "ReadReceipt",
    "Role",
    "Status",
    "Verb",
    "Visibility",
]
