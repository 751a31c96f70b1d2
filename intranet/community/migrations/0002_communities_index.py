import uuid

from django.db import migrations


def create_index(apps, schema_editor):
    """Put the /communities/ index under the home page, where admins add communities."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    CommunityIndexPage = apps.get_model("community.CommunityIndexPage")

    home = HomePage.objects.filter(depth=2).first()
    if home is None or CommunityIndexPage.objects.exists():
        return
    last_child = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
    step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    suffix = ""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(4):
        step, digit = divmod(step, 36)
        suffix = alphabet[digit] + suffix
    CommunityIndexPage.objects.create(
        title="Communities",
        draft_title="Communities",
        slug="communities",
        content_type=ContentType.objects.get_or_create(app_label="community", model="communityindexpage")[0],
        path=home.path + suffix,
        depth=home.depth + 1,
        numchild=0,
        url_path=home.url_path + "communities/",
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        intro="Every community gathers the people who do one job, whichever division they work in.",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial"), ("home", "0002_create_homepage")]

    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
