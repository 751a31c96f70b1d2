from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import discussion, permissions
from ..forms import CommentForm, DeleteCommentForm


def _back_to(comment_or_post, anchor=""):
    post = getattr(comment_or_post, "post", comment_or_post)
    return redirect(post.url + anchor)


@require_POST
def add_comment(request, post_id):
    post = permissions.post_for(request.user, post_id, "comment")
    form = CommentForm(request.POST, post=post)
    if not form.is_valid():
        context = {"post": post, "form": form}
        return render(request, "community/comment_form.html", context, status=400)
    comment = discussion.add_comment(
        post, request.user, form.cleaned_data["body"], form.cleaned_data["parent"]
    )
    return _back_to(post, f"#comment-{comment.pk}")


def edit_comment(request, comment_id):
    comment = permissions.comment_for(request.user, comment_id, "edit")
    if request.method == "POST":
        form = CommentForm(request.POST, post=comment.post)
        if form.is_valid():
            discussion.edit_comment(comment, form.cleaned_data["body"])
            return _back_to(comment, f"#comment-{comment.pk}")
        status = 400
    else:
        form, status = CommentForm(initial={"body": comment.body}, post=comment.post), 200
    context = {"post": comment.post, "form": form, "comment": comment}
    return render(request, "community/comment_form.html", context, status=status)


@require_POST
def delete_comment(request, comment_id):
    comment = permissions.comment_for(request.user, comment_id, "delete")
    form = DeleteCommentForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    discussion.delete_comment(comment, request.user, reason)
    messages.success(request, _("The comment is removed."))
    return _back_to(comment)


@require_POST
def toggle_helpful(request, comment_id):
    comment = permissions.comment_for(request.user, comment_id, "vote")
    discussion.toggle_helpful(comment, request.user)
    return _back_to(comment, f"#comment-{comment.pk}")


@require_POST
def accept_answer(request, comment_id):
    comment = permissions.comment_for(request.user, comment_id, "accept")
    if discussion.accept_answer(comment):
        messages.success(request, _("Marked as the answer."))
    return _back_to(comment, f"#comment-{comment.pk}")


@require_POST
def pick_best_comment(request, comment_id):
    comment = permissions.comment_for(request.user, comment_id, "pick_best")
    discussion.pick_best(comment, request.user)
    messages.success(request, _("Picked as the best comment of the week."))
    return _back_to(comment, f"#comment-{comment.pk}")
