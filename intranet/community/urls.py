from django.urls import path

from .views import discussion, following, membership, posts

app_name = "community"
urlpatterns = [
    path("<id:community_id>/posts/new/", posts.create_post, name="create_post"),
    path("posts/<id:post_id>/edit/", posts.edit_post, name="edit_post"),
    path("posts/<id:post_id>/unpublish/", posts.unpublish_post, name="unpublish_post"),
    path("posts/<id:post_id>/comments/", discussion.add_comment, name="add_comment"),
    path("comments/<id:comment_id>/edit/", discussion.edit_comment, name="edit_comment"),
    path("comments/<id:comment_id>/delete/", discussion.delete_comment, name="delete_comment"),
    path("comments/<id:comment_id>/helpful/", discussion.toggle_helpful, name="toggle_helpful"),
    path("comments/<id:comment_id>/accept/", discussion.accept_answer, name="accept_answer"),
    path("comments/<id:comment_id>/best/", discussion.pick_best_comment, name="pick_best_comment"),
    path("tags/", posts.tag_suggestions, name="tag_suggestions"),
    path("<id:community_id>/join/", membership.join, name="join"),
    path("<id:community_id>/leave/", membership.leave, name="leave"),
    path("<id:community_id>/request/", membership.request_membership, name="request_membership"),
    path("<id:community_id>/invitation/", membership.answer_invitation, name="answer_invitation"),
    path("<id:community_id>/members/", membership.members, name="members"),
    path("<id:community_id>/members/invite/", membership.invite, name="invite"),
    path("<id:community_id>/exceptions/", membership.exceptions, name="exceptions"),
    path(
        "<id:community_id>/members/<id:membership_id>/decide/",
        membership.decide_request,
        name="decide_request",
    ),
    path(
        "<id:community_id>/members/<id:membership_id>/role/", membership.set_role, name="set_role"
    ),
    path(
        "<id:community_id>/members/<id:membership_id>/exception/",
        membership.grant_exception,
        name="grant_exception",
    ),
    path("follow/<str:kind>/<str:key>/", following.toggle_follow, name="toggle_follow"),
]
