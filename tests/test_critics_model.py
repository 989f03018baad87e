"""Critics: the byline's people, kept in credited order with the page's revisions."""

import pytest
from django.contrib.auth.models import Group

from reviews.models import Critic, ReviewPageCritic

pytestmark = pytest.mark.django_db


def test_slugs_are_unique_and_keep_any_script():
    first = Critic.objects.create(name="Kim Ji-woo")
    second = Critic.objects.create(name="Kim Ji-woo")
    hangul = Critic.objects.create(name="김지우")
    assert (first.slug, second.slug, hangul.slug) == ("kim-ji-woo", "kim-ji-woo-2", "김지우")


def test_byline_keeps_its_order_through_a_revision(make_review):
    review = make_review()
    ann, bob = Critic.objects.create(name="Ann Lee"), Critic.objects.create(name="Bob Ray")
    review.critic_links = [ReviewPageCritic(critic=bob), ReviewPageCritic(critic=ann)]
    review.save_revision().publish()
    review.refresh_from_db()
    assert [critic.name for critic in review.critics] == ["Bob Ray", "Ann Lee"]
    assert [critic.name for critic in review.get_latest_revision_as_object().critics] == [
        "Bob Ray",
        "Ann Lee",
    ]


def test_writers_may_add_critics_and_only_editors_change_them():
    writers = set(Group.objects.get(name="Writers").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_critic", "view_critic"} <= writers
    assert not {"change_critic", "delete_critic"} & writers
    assert {"add_critic", "change_critic", "delete_critic"} <= editors
