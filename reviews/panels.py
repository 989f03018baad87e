"""Panels of the review editor: the editor's note on a review sent back for changes, and the
publishing schedule with minutes."""

from wagtail.admin.panels import Panel, PublishingPanel
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import WorkflowState


class ChangesRequestedPanel(Panel):
    """The "Request changes" comment, at the top of the form: Wagtail keeps it in the workflow
    history, a few clicks away, and the writer who opens the review should read it first."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "reviews/panels/changes_requested.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.task_state = None
            if self.instance.pk is not None:
                state = self.instance.current_workflow_state
                if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                    self.task_state = state.current_task_state

        def is_shown(self):
            return self.task_state is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["task_state"] = self.task_state
            context["comment"] = self.task_state.get_comment()
            return context


class ScheduleInput(AdminDateTimeInput):
    """Wagtail's date-time picker listing times every five minutes rather than on the hour; any
    minute can still be typed ("2026-12-03 09:47")."""

    def get_config(self):
        return {**super().get_config(), "step": 5}


class SchedulePanel(PublishingPanel):
    """The go-live and expiry dialog (Wagtail's publishing panel), with five-minute times."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            child.widget = ScheduleInput(
                attrs=child.widget.attrs,
                js_overlay_parent_selector=child.widget.js_overlay_parent_selector,
            )
