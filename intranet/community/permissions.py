"""Who may see and do what in Guild. This is the one place that decides; every channel asks it.

A community's policy has three axes (models.policy): visibility (open, private, secret),
joining (self-service, request, invitation) and participation (what ordinary members may do:
read < contribute < publish < moderate). A member's role (member, sponsor, editor) and any
per-member exception refine it. Superusers may do everything.

Seeing
    can_know(user, community)      may learn the community exists (listings, its landing page)
    can_read(user, community)      may read its content (posts, comments, files, wiki, activity)
    can_read_post(user, post)

Doing
    level(user, community)         the Participation level in force, or 0 for nothing
    can_contribute / can_publish / can_moderate(user, community)
    can_comment(user, post), can_vote(user, comment), can_accept_answer(user, post),
    can_pick_best(user, community), can_edit_owned(user, community, owner_id),
    can_edit_post(user, post), can_unpublish_post(user, post),
    can_edit_comment(user, comment), can_delete_comment(user, comment),
    can_join / can_request / can_leave / can_manage_members(user, community)
    can_edit_wiki(user, page)      members who may contribute, unless an editor locked the page
    can_curate_wiki(user, page)    editors: lock, restore, set the curator, see the stale report
    can_review_wiki(user, page)    the curator or an editor: mark the page as reviewed

Learning
    can_see_path(user, path), can_see_module(user, module)   a site-wide path: every employee
    can_manage_path(user, path)    editors of its community (admins for site-wide paths):
                                   assign, review modules, distil into it, its reports
    can_learn(user, enrolment)     the learner, while enrolled: quizzes, sign-off requests
    can_view_enrolment(user, e)    the learner, their mentor and the path's managers
    can_choose_mentor(user, e)     the learner or the path's managers
    can_sign_off(user, progress)   the learner's mentor or the path's managers, never oneself
    can_distil(user, source, path) a source everyone may read, or one from the path's community
    distil_paths(user, source)     the paths the user may distil a source into

Querysets of what a user may see (use these for every list, count, feed and search result)
    listed_communities(user), readable_communities(user),
    visible_posts(user, posts=None), visible_comments(user, comments=None),
    visible_activities(user, activities=None),
    visible_documents(user, documents=None), visible_images(user, images=None),
    visible_tags(user, tags=None), visible_wiki_pages(user, pages=None),
    visible_pages(user, pages)     any Wagtail pages (links, promoted results), kept in order
    visible_notifications(user), readers(community, users)
    visible_paths(user, paths=None), managed_paths(user, paths=None)

Search
    content_keys(community)        the access keys its content carries in the search index
    search_keys(user)              the keys a user's queries match (a terms filter, never a list
                                   of excluded entries); membership changes need no re-indexing

Files
    can_download(user, path)       whether the uploaded file at `path` (relative to MEDIA_ROOT)
                                   may go to the user: an image, one of its renditions, or a
                                   document, checked by collection; unknown files go to nobody
        (a community's files live in its own collection; files elsewhere are for every
        logged-in employee)

Getters for views: return the object, or raise Http404 when the user may not see it (the same
answer as for something that does not exist) and PermissionDenied when they may see it but
not do the action. Actions are the names in ACTIONS.
    community_for(user, community_id, action), post_for(user, post_id, action),
    comment_for(user, comment_id, action), wiki_page_for(user, page_id, action),
    path_for(user, path_id, action), module_for(user, module_id, action), my_enrolment(user, path),
    enrolment_for(user, enrolment_id, action), progress_for(user, progress_id, action)

Leads (the lead relay; nobody else ever sees a lead, in any channel)
    lead_community()               the community whose editors oversee the relay (settings.
                                   LEADS_COMMUNITY, the Sales Community)
    is_lead_editor(user)           its editors and admins: see every lead, forward, export all
    can_see_lead(user, lead)       the giver, everyone it was passed to, the lead editors
    can_route_lead(user, lead)     the giver or a lead editor: choose who gets it
    can_answer_lead(user, lead)    the person holding it: accept or decline
    can_forward_lead(user, lead)   the person holding it or a lead editor
    can_update_lead(user, lead)    the person who accepted it: contacted, won, lost
    can_withdraw_lead / can_thank_for_lead(user, lead)   the giver
    visible_leads(user, leads=None), exportable_leads(user)
    can_see_ledgers(user)          the division matrix: whoever may read the lead community
    can_see_ledger(user, person)   the person, and whoever may see the matrix
    lead_for(user, lead_id, action)

Memberships are loaded once per request and cached on the user object; call forget(user)
after changing them.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from intranet import caching
from intranet.i18n import sources
from intranet.leads.models import Handoff, Lead
from intranet.learning.models import (
    Enrolment,
    LearningPathPage,
    ModulePage,
    StepProgress,
)
from intranet.learning.models import (
    Status as StepStatus,
)
from intranet.library.models import LibraryFile, LibraryItemPage
from intranet.notifications.models import Notification
from intranet.people.models import ProfileExpertise, ProfileInterest
from intranet.wiki.models import WikiPage

from .models import (
    Activity,
    Comment,
    CommunityPage,
    Joining,
    Membership,
    Participation,
    PostPage,
    PostTag,
    Role,
    Status,
    Visibility,
)

_CACHE = "_guild_memberships"
_LEAD_EDITOR = "_guild_lead_editor"


def is_admin(user):
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def can_use_admin(user):
    """Whether the Wagtail admin lets the user in (editors and admins): every page asks, for
    its menu, so the answer is cached until the person's groups or any permissions change."""
    if not (user.is_authenticated and user.is_active):
        return False
    key = f"can-use-admin:{user.pk}:{caching.stamp(caching.SITE, caching.person(user.pk))}"
    found = cache.get(key)
    if found is None:
        found = user.has_perm("wagtailadmin.access_admin")
        cache.set(key, found, caching.FRAGMENT_SECONDS)
    return found


def memberships(user):
    """{community id: Membership} for every membership of the user, in any status."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = {m.community_id: m for m in Membership.objects.filter(user=user)}
        setattr(user, _CACHE, cached)
    return cached


def forget(user):
    """Drop the cached memberships after they changed."""
    for name in (_CACHE, _LEAD_EDITOR):
        if hasattr(user, name):
            delattr(user, name)


def membership(user, community):
    return memberships(user).get(community.pk)


def active_membership(user, community):
    found = membership(user, community)
    return found if found is not None and found.is_active else None


# Seeing


def can_know(user, community):
    if not user.is_authenticated or not community.live:
        return False
    if is_admin(user) or community.visibility != Visibility.SECRET:
        return True
    found = membership(user, community)
    return found is not None and found.status in (Status.ACTIVE, Status.INVITED)


def can_read(user, community):
    if not user.is_authenticated or not community.live:
        return False
    if is_admin(user) or community.visibility == Visibility.OPEN:
        return True
    return active_membership(user, community) is not None


def can_read_post(user, post):
    return post.live and can_read(user, post.community)


# Doing


def level(user, community):
    """The participation level the user has in the community (0: none at all)."""
    if not can_read(user, community):
        return 0
    if is_admin(user):
        return Participation.MODERATE
    found = active_membership(user, community)
    if found is None:
        return Participation.READ  # an open community's readers who have not joined
    if found.role == Role.EDITOR:
        return Participation.MODERATE
    return found.participation or community.participation


def can_contribute(user, community):
    return level(user, community) >= Participation.CONTRIBUTE


def can_publish(user, community):
    return level(user, community) >= Participation.PUBLISH


def can_moderate(user, community):
    return level(user, community) >= Participation.MODERATE


def is_editor(user, community):
    if is_admin(user):
        return True
    found = active_membership(user, community)
    return found is not None and found.role == Role.EDITOR


def can_comment(user, post):
    return can_read_post(user, post) and can_contribute(user, post.community)


def can_vote(user, comment):
    return (
        not comment.is_deleted and comment.author_id != user.pk and can_comment(user, comment.post)
    )


def can_accept_answer(user, post):
    if not post.is_question or not can_read_post(user, post):
        return False
    return post.owner_id == user.pk or can_moderate(user, post.community)


def is_any_editor(user):
    """Editors of any community (and admins): they see the site-wide editorial reports."""
    if is_admin(user):
        return True
    return any(m.is_active and m.role == Role.EDITOR for m in memberships(user).values())


def can_pick_best(user, community):
    if is_admin(user):
        return True
    found = active_membership(user, community)
    return found is not None and found.role in (Role.SPONSOR, Role.EDITOR)


def can_edit_owned(user, community, owner_id):
    """Owners change their own work while they may contribute; others need the publish level."""
    if owner_id == user.pk:
        return can_contribute(user, community)
    return can_publish(user, community)


def can_edit_post(user, post):
    return can_read_post(user, post) and can_edit_owned(user, post.community, post.owner_id)


def can_unpublish_post(user, post):
    return can_read_post(user, post) and can_moderate(user, post.community)


def can_edit_comment(user, comment):
    return (
        not comment.is_deleted and comment.author_id == user.pk and can_comment(user, comment.post)
    )


def can_delete_comment(user, comment):
    if comment.is_deleted or not can_read_post(user, comment.post):
        return False
    if comment.author_id == user.pk:
        return True
    return can_moderate(user, comment.post.community)


def can_read_wiki(user, page):
    return page.live and page.community is not None and can_read(user, page.community)


def can_edit_wiki(user, page):
    if not can_read_wiki(user, page) or not can_contribute(user, page.community):
        return False
    return not page.locked or is_editor(user, page.community)


def can_curate_wiki(user, page):
    return can_read_wiki(user, page) and is_editor(user, page.community)


def can_review_wiki(user, page):
    """Reviewing is not editing: the curator may confirm a locked page is still right."""
    if can_curate_wiki(user, page):
        return True
    return page.curator_id == user.pk and can_contribute(user, page.community)


def can_join(user, community):
    return (
        community.joining == Joining.SELF
        and can_know(user, community)
        and active_membership(user, community) is None
    )


def can_request(user, community):
    found = membership(user, community)
    return (
        community.joining == Joining.REQUEST
        and can_know(user, community)
        and (found is None or found.status == Status.INVITED)
    )


def can_leave(user, community):
    found = active_membership(user, community)
    return found is not None and not found.automatic


def can_manage_members(user, community):
    return can_know(user, community) and is_editor(user, community)


# Querysets


def listed_communities(user):
    communities = sources(CommunityPage.objects.live())
    if is_admin(user):
        return communities
    if not user.is_authenticated:
        return communities.none()
    known = [
        pk
        for pk, found in memberships(user).items()
        if found.status in (Status.ACTIVE, Status.INVITED)
    ]
    return communities.filter(
        Q(visibility__in=[Visibility.OPEN, Visibility.PRIVATE]) | Q(pk__in=known)
    )


def readable_communities(user):
    communities = sources(CommunityPage.objects.live())
    if is_admin(user):
        return communities
    if not user.is_authenticated:
        return communities.none()
    active = [pk for pk, found in memberships(user).items() if found.is_active]
    return communities.filter(Q(visibility=Visibility.OPEN) | Q(pk__in=active))


def visible_posts(user, posts=None):
    posts = PostPage.objects.all() if posts is None else posts
    return posts.live().filter(community__in=readable_communities(user).values("pk"))


def visible_comments(user, comments=None):
    comments = Comment.objects.all() if comments is None else comments
    return comments.filter(post__in=visible_posts(user).values("pk"))


def visible_activities(user, activities=None):
    activities = Activity.objects.all() if activities is None else activities
    readable = readable_communities(user).values("pk")
    return activities.filter(community__in=readable).filter(
        Q(post__isnull=True) | Q(post__live=True)
    )


def visible_tags(user, tags=None):
    """Tags the user can come across: on posts they may read, or on anyone's profile.

    A tag used only inside a secret community answers like one that does not exist.
    """
    tags = Tag.objects.all() if tags is None else tags
    if not user.is_authenticated:
        return tags.none()
    on_posts = PostTag.objects.filter(
        tag=OuterRef("pk"), content_object__in=visible_posts(user).values("pk")
    )
    on_profiles = Exists(ProfileExpertise.objects.filter(tag=OuterRef("pk"))) | Exists(
        ProfileInterest.objects.filter(tag=OuterRef("pk"))
    )
    return tags.filter(Exists(on_posts) | on_profiles)


def _communities_above(pages):
    """{page id: id of the community it sits in} for pages inside one: a single query."""
    prefixes = {
        page.path[: depth * page.steplen] for page in pages for depth in range(1, page.depth)
    }
    if not prefixes:
        return {}
    communities = dict(CommunityPage.objects.filter(path__in=prefixes).values_list("path", "pk"))
    found = {}
    for page in pages:
        for depth in range(1, page.depth):
            community = communities.get(page.path[: depth * page.steplen])
            if community is not None:
                found[page.pk] = community
                break
    return found


def visible_pages(user, pages):
    """Of `pages` (Wagtail pages of any kind), the live ones the user may see: a community's
    own page needs the right to know it, a page inside a community the right to read it."""
    pages = [page for page in pages if page.live]
    known = set(listed_communities(user).values_list("pk", flat=True))
    readable = set(readable_communities(user).values_list("pk", flat=True))
    above = _communities_above(pages)
    shown = []
    for page in pages:
        if page.specific_class is CommunityPage:
            allowed = page.pk in known
        else:
            community = above.get(page.pk)
            allowed = community is None or community in readable
        if allowed:
            shown.append(page)
    return shown


def visible_wiki_pages(user, pages=None):
    pages = WikiPage.objects.all() if pages is None else pages
    return pages.live().filter(community__in=readable_communities(user).values("pk"))


def readers(community, users):
    """Of `users` (a queryset of people), those who may read the community's content."""
    users = users.filter(is_active=True)
    if not community.live:
        return users.none()
    if community.visibility == Visibility.OPEN:
        return users
    active = Membership.objects.filter(community=community, status=Status.ACTIVE)
    return users.filter(Q(is_superuser=True) | Q(pk__in=active.values("user")))


# Search: every index entry carries access keys; a query matches the keys of its user.
EVERYONE = "open"


def content_keys(community):
    """The access keys of a community's content in the search index."""
    if not community.live:
        return []
    if community.visibility == Visibility.OPEN:
        return [EVERYONE]
    return [f"community:{community.pk}"]


def search_keys(user):
    """The keys a user's searches match: everyone's, their own, and their communities'."""
    if not user.is_authenticated or not user.is_active:
        return []
    if is_admin(user):
        communities = sources(CommunityPage.objects.all()).values_list("pk", flat=True)
    else:
        communities = [pk for pk, found in memberships(user).items() if found.is_active]
    return [EVERYONE, f"user:{user.pk}", *(f"community:{pk}" for pk in communities)]


def visible_notifications(user):
    """The user's notifications, less those about communities they may no longer read."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).filter(
        Q(community__isnull=True) | Q(community__in=readable_communities(user).values("pk"))
    )


def can_download(user, path):
    """Whether the uploaded file at `path` may be sent to `user`; files we do not know: never."""
    if not user.is_authenticated:
        return False
    images = get_image_model().objects
    documents = get_document_model().objects
    if images.filter(file=path).exists():
        return visible_images(user, images.filter(file=path)).exists()
    renditions = get_image_model().get_rendition_model().objects.filter(file=path)
    if renditions.exists():
        return visible_images(user, images.filter(renditions__in=renditions)).exists()
    if documents.filter(file=path).exists():
        return visible_documents(user, documents.filter(file=path)).exists()
    return False


def can_change_role(user, membership):
    """Editors set roles and exceptions, but not their own: nobody locks themselves out."""
    if not can_manage_members(user, membership.community) or not membership.is_active:
        return False
    return is_admin(user) or membership.user_id != user.pk


def _hidden_collections(user):
    """Collections of the communities the user may not read."""
    unreadable = CommunityPage.objects.exclude(pk__in=readable_communities(user).values("pk"))
    return unreadable.filter(collection__isnull=False).values("collection")


def _withdrawn_library_files():
    """Files of library items that are unpublished: gone for everyone, like their pages."""
    return LibraryFile.objects.filter(item__live=False)


def visible_documents(user, documents=None):
    documents = get_document_model().objects.all() if documents is None else documents
    if not user.is_authenticated:
        return documents.none()
    withdrawn = _withdrawn_library_files().values("document")
    return documents.exclude(collection__in=_hidden_collections(user)).exclude(pk__in=withdrawn)


def visible_images(user, images=None):
    images = get_image_model().objects.all() if images is None else images
    if not user.is_authenticated:
        return images.none()
    withdrawn = _withdrawn_library_files().exclude(preview=None).values("preview")
    return images.exclude(collection__in=_hidden_collections(user)).exclude(pk__in=withdrawn)


# Getters for views

ACTIONS = {
    "read": can_read,
    "know": can_know,
    "contribute": can_contribute,
    "moderate": can_moderate,
    "join": can_join,
    "request": can_request,
    "leave": can_leave,
    "manage": can_manage_members,
    "pick_best": can_pick_best,
}
# Actions on a community's content: someone who may not read it gets a 404, not a 403.
CONTENT_ACTIONS = {"read", "contribute", "moderate", "pick_best"}
POST_ACTIONS = {
    "read": can_read_post,
    "comment": can_comment,
    "edit": can_edit_post,
    "unpublish": can_unpublish_post,
    "accept_answer": can_accept_answer,
}
COMMENT_ACTIONS = {
    "vote": can_vote,
    "edit": can_edit_comment,
    "delete": can_delete_comment,
    "accept": lambda user, comment: (
        comment.parent_id is None and can_accept_answer(user, comment.post)
    ),
    "pick_best": lambda user, comment: can_pick_best(user, comment.post.community),
}

WIKI_ACTIONS = {
    "read": can_read_wiki,
    "edit": can_edit_wiki,
    "curate": can_curate_wiki,
    "review": can_review_wiki,
}


def community_for(user, community_id, action="read"):
    community = sources(CommunityPage.objects.live()).filter(pk=community_id).first()
    if community is None or not can_know(user, community):
        raise Http404
    if action in CONTENT_ACTIONS and not can_read(user, community):
        raise Http404
    if not ACTIONS[action](user, community):
        raise PermissionDenied
    return community


def post_for(user, post_id, action="read"):
    post = (
        sources(PostPage.objects.live())
        .select_related("community", "owner")
        .filter(pk=post_id)
        .first()
    )
    if post is None or not can_read_post(user, post):
        raise Http404
    if not POST_ACTIONS[action](user, post):
        raise PermissionDenied
    return post


def comment_for(user, comment_id, action):
    comment = (
        Comment.objects.select_related("post", "post__community", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.is_deleted or not can_read_post(user, comment.post):
        raise Http404
    if not COMMENT_ACTIONS[action](user, comment):
        raise PermissionDenied
    return comment


def wiki_page_for(user, page_id, action="read"):
    page = sources(WikiPage.objects.live()).select_related("community").filter(pk=page_id).first()
    if page is None or not can_read_wiki(user, page):
        raise Http404
    if not WIKI_ACTIONS[action](user, page):
        raise PermissionDenied
    return page


# Learning


def can_see_path(user, path):
    if not user.is_authenticated or not user.is_active or not path.live:
        return False
    return path.community_id is None or can_read(user, path.community)


def can_see_module(user, module):
    path = module.learning_path
    return module.live and path is not None and can_see_path(user, path)


def can_manage_path(user, path):
    if not can_see_path(user, path):
        return False
    return is_admin(user) if path.community_id is None else is_editor(user, path.community)


def can_learn(user, enrolment):
    return (
        enrolment.user_id == user.pk and enrolment.is_active and can_see_path(user, enrolment.path)
    )


def can_view_enrolment(user, enrolment):
    if not can_see_path(user, enrolment.path):
        return False
    if user.pk in (enrolment.user_id, enrolment.mentor_id):
        return True
    return can_manage_path(user, enrolment.path)


def can_choose_mentor(user, enrolment):
    return can_learn(user, enrolment) or (
        enrolment.is_active and can_manage_path(user, enrolment.path)
    )


def can_sign_off(user, progress):
    enrolment = progress.enrolment
    if enrolment.user_id == user.pk or progress.status != StepStatus.REQUESTED:
        return False
    if not enrolment.is_active or not can_see_path(user, enrolment.path):
        return False
    return enrolment.mentor_id == user.pk or can_manage_path(user, enrolment.path)


SOURCE_TYPES = (PostPage, WikiPage, LibraryItemPage)  # what a module may name as a source
DISTIL_TYPES = (PostPage, WikiPage)  # what an editor may start a module from


def _source_community(page):
    return page.community if isinstance(page, SOURCE_TYPES) else None


def can_read_source(user, page):
    """A post, wiki page or library item a module may be distilled from."""
    community = _source_community(page)
    return page.live and community is not None and can_read(user, community)


def can_distil(user, source, path):
    """Editors distil what they may read into their paths, and never leak a closed
    community's content into a path that others read."""
    if not can_read_source(user, source) or not can_manage_path(user, path):
        return False
    community = _source_community(source)
    return community.visibility == Visibility.OPEN or community.pk == path.community_id


def distil_paths(user, source):
    """The paths the user may distil `source` into (no query for people who edit nothing)."""
    if not isinstance(source, DISTIL_TYPES) or not is_any_editor(user):
        return []
    if not can_read_source(user, source):
        return []
    paths = managed_paths(user).select_related("community").order_by("title")
    return [path for path in paths if can_distil(user, source, path)]


def visible_paths(user, paths=None):
    paths = sources(LearningPathPage.objects.all() if paths is None else paths)
    if not user.is_authenticated or not user.is_active:
        return paths.none()
    readable = readable_communities(user).values("pk")
    return paths.live().filter(Q(community__isnull=True) | Q(community__in=readable))


def managed_paths(user, paths=None):
    paths = visible_paths(user, paths)
    if is_admin(user):
        return paths
    edited = [
        pk
        for pk, found in memberships(user).items()
        if found.is_active and found.role == Role.EDITOR
    ]
    return paths.filter(community__in=edited)


PATH_ACTIONS = {"read": can_see_path, "manage": can_manage_path}
ENROLMENT_ACTIONS = {
    "view": can_view_enrolment,
    "learn": can_learn,
    "choose_mentor": can_choose_mentor,
}


def path_for(user, path_id, action="read"):
    path = (
        sources(LearningPathPage.objects.live())
        .select_related("community")
        .filter(pk=path_id)
        .first()
    )
    if path is None or not can_see_path(user, path):
        raise Http404
    if not PATH_ACTIONS[action](user, path):
        raise PermissionDenied
    return path


def module_for(user, module_id, action="read"):
    module = (
        sources(ModulePage.objects.live())
        .select_related("learning_path", "learning_path__community")
        .filter(pk=module_id)
        .first()
    )
    if module is None or not can_see_module(user, module):
        raise Http404
    if action == "manage" and not can_manage_path(user, module.learning_path):
        raise PermissionDenied
    return module


def my_enrolment(user, path):
    """The user's own active enrolment in a path they may see; PermissionDenied otherwise."""
    enrolment = Enrolment.objects.filter(user=user, path=path).first()
    if enrolment is None:
        raise PermissionDenied
    enrolment.path = path
    if not can_learn(user, enrolment):
        raise PermissionDenied
    return enrolment


def enrolment_for(user, enrolment_id, action="view"):
    enrolment = (
        Enrolment.objects.select_related("path", "path__community", "user", "mentor")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not can_view_enrolment(user, enrolment):
        raise Http404
    if not ENROLMENT_ACTIONS[action](user, enrolment):
        raise PermissionDenied
    return enrolment


def progress_for(user, progress_id, action="sign_off"):
    progress = (
        StepProgress.objects.select_related(
            "step", "enrolment", "enrolment__user", "enrolment__path", "enrolment__path__community"
        )
        .filter(pk=progress_id)
        .first()
    )
    if progress is None or not can_view_enrolment(user, progress.enrolment):
        raise Http404
    if not can_sign_off(user, progress):
        raise PermissionDenied
    return progress


# Leads


def lead_community():
    """The community whose editors oversee the lead relay, or None if there is none."""
    return sources(CommunityPage.objects.live()).filter(slug=settings.LEADS_COMMUNITY).first()


def _active(user):
    return bool(user.is_authenticated and user.is_active)


def is_lead_editor(user):
    if not _active(user):
        return False
    if is_admin(user):
        return True
    cached = getattr(user, _LEAD_EDITOR, None)
    if cached is None:
        community = lead_community()
        cached = community is not None and is_editor(user, community)
        setattr(user, _LEAD_EDITOR, cached)
    return cached


def _had_lead(user, lead):
    return lead.receiver_id == user.pk or lead.handoffs.filter(receiver=user).exists()


def can_see_lead(user, lead):
    if not _active(user):
        return False
    return lead.giver_id == user.pk or is_lead_editor(user) or _had_lead(user, lead)


def can_route_lead(user, lead):
    return _active(user) and (lead.giver_id == user.pk or is_lead_editor(user))


def can_answer_lead(user, lead):
    return _active(user) and lead.receiver_id == user.pk


def can_forward_lead(user, lead):
    return can_answer_lead(user, lead) or is_lead_editor(user)


def can_update_lead(user, lead):
    return _active(user) and lead.accepted_by_id == user.pk


def can_withdraw_lead(user, lead):
    return _active(user) and lead.giver_id == user.pk


can_thank_for_lead = can_withdraw_lead


def visible_leads(user, leads=None):
    leads = Lead.objects.all() if leads is None else leads
    if not _active(user):
        return leads.none()
    if is_lead_editor(user):
        return leads
    passed = Handoff.objects.filter(lead=OuterRef("pk"), receiver=user)
    return leads.filter(Q(giver=user) | Exists(passed))


def exportable_leads(user):
    """Leads the user may hand to the CRM: every one for lead editors, else those they gave
    or accepted."""
    leads = visible_leads(user)
    if not _active(user) or is_lead_editor(user):
        return leads
    return leads.filter(Q(giver=user) | Q(accepted_by=user))


def can_see_ledgers(user):
    """The company's give and take in leads (the division matrix, anyone's ledger): for whoever
    may read the lead community."""
    if not _active(user):
        return False
    if is_admin(user):
        return True
    community = lead_community()
    return community is not None and can_read(user, community)


def can_see_ledger(user, person):
    """One person's give and take: for them, and for whoever may see every ledger."""
    return _active(user) and (user.pk == person.pk or can_see_ledgers(user))


_LEAD_ACTIONS = {
    "read": can_see_lead,
    "route": can_route_lead,
    "answer": can_answer_lead,
    "forward": can_forward_lead,
    "update": can_update_lead,
    "withdraw": can_withdraw_lead,
    "thank": can_thank_for_lead,
}


def lead_for(user, lead_id, action="read"):
    lead = (
        visible_leads(user, Lead.objects.filter(pk=lead_id))
        .select_related(
            "giver__profile",
            "receiver__profile",
            "accepted_by",
            "customer",
            "location",
            "division",
            "product",
            "giver_division",
        )
        .first()
    )
    if lead is None:
        raise Http404
    if not _LEAD_ACTIONS[action](user, lead):
        raise PermissionDenied
    return lead
