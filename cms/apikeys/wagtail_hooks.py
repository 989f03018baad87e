from wagtail import hooks
from wagtail.users.views.api_tokens import APITokenViewSet


@hooks.register("register_admin_viewset")
def register_api_tokens():
    # Wagtail's own token admin (Settings → API tokens: hashed, shown once, revocable, last
    # used), which Wagtail registers only beside its API v3; here the keys open drafts in v2.
    return APITokenViewSet("wagtailusers_api_tokens", url_prefix="api-tokens")
