"""The review editor's form: the title follows the film and headline unless an editor types one,
and a writer's new review starts with their own byline."""

from wagtail.admin.forms import WagtailAdminPageForm

TITLE_HELP = (
    "Composed from the film and the headline (“Ballerina (2023) Review – Visually Stunning”) "
    "until you type a title of your own; leave it empty to compose it again."
)


def composed_title(film, headline):
    """A review's default title: "<film> (<year>) Review – <headline>"."""
    return f"{film} Review – {headline}" if headline else f"{film} Review"


class ReviewPageForm(WagtailAdminPageForm):
    class Media:
        js = ["reviews/review_title.js"]

    def __init__(self, data=None, *args, instance=None, for_user=None, **kwargs):
        critic = getattr(for_user, "critic", None)
        if data is None and instance is not None and instance.pk is None and critic is not None:
            instance.critic_links = [instance.critic_links.model(critic=critic)]
        super().__init__(data, *args, instance=instance, for_user=for_user, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = TITLE_HELP
        # An empty slug is made from the title when the page is validated (Wagtail's default).
        self.fields["slug"].required = False

    def clean(self):
        cleaned_data = super().clean()
        film, headline = cleaned_data.get("film"), cleaned_data.get("headline")
        if not cleaned_data.get("title"):
            if film is None:
                self.add_error("title", "Type a title, or choose a film to compose one.")
            else:
                cleaned_data["title"] = composed_title(film, headline)
        return cleaned_data
