"""The "National approval" workflow for brochures: one GroupApprovalTask for the national editors.

Created by a data migration (materials 0003) and ensured again by the demo, so it exists on every
installation. Uses whichever model registry it is given (historical models in a migration).

A workflow's or task's name is one database field that Wagtail shows as it is, whatever the
editor's language: ours are named in Finnish and Swedish, the admin's two languages (issue 17).
"""

from core.roles import NATIONAL_EDITORS

WORKFLOW_NAME = "Kansallinen hyväksyntä / Nationellt godkännande"
TASK_NAME = "Kaikukeskuksen hyväksyntä / Kaikucentralens godkännande"
# Wagtail's own migration creates a "Moderators approval" workflow and task for pages.
MODERATORS_NAME = "Moderaattorien hyväksyntä / Moderatorernas godkännande"
RENAMED = {
    "Kansallinen hyväksyntä (National approval)": WORKFLOW_NAME,
    "Kaikukeskuksen hyväksyntä (National office approval)": TASK_NAME,
    "Moderators approval": MODERATORS_NAME,
}


def rename_in_finnish_and_swedish(apps):
    """Names given before issue 17 (English, or with English in them) in Finnish and Swedish."""
    for model in ("Workflow", "Task"):
        Model = apps.get_model("wagtailcore", model)
        for old, new in RENAMED.items():
            Model.objects.filter(name=old).update(name=new)


def ensure_brochure_workflow(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    rename_in_finnish_and_swedish(apps)
    editors, _ = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=task_ct)
    task.groups.add(editors)

    return assign_workflow(apps, WORKFLOW_NAME, task, "materials", "brochure")


def assign_workflow(apps, name, task, app_label, model):
    """The active one-task workflow `name` (made when missing), assigned to a snippet model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    WorkflowContentType.objects.update_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )
    return workflow
