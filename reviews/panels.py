"""The editor's note on a review sent back for changes, at the top of the review's edit form.

Wagtail keeps the "Request changes" comment in the workflow history, a few clicks from the form;
the writer who opens the review to make the changes should read it first."""

from wagtail.admin.panels import Panel
from wagtail.models import WorkflowState


class ChangesRequestedPanel(Panel):
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
