"""A "Schedule…" item in the review editor's action menu: it opens Wagtail's own publishing
schedule dialog, otherwise reached only from the status side panel."""

from wagtail.admin.action_menu import ActionMenuItem


class ScheduleMenuItem(ActionMenuItem):
    name = "action-schedule"
    label = "Set schedule…"
    icon_name = "calendar-alt"
    template_name = "reviews/action_menu/schedule.html"
    order = 35

    def is_shown(self, context):
        # The dialog is part of a page's edit form; only someone who may edit the page sees it.
        if context["view"] != "edit" or not super().is_shown(context):
            return False
        return self.get_user_page_permissions_tester(context).can_edit()

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = parent_context["page"]
        if page.go_live_at or page.expire_at:
            context["label"] = "Edit schedule…"
        return context
