"""The "National approval" workflow for brochures: one GroupApprovalTask for the national editors.

Created by a data migration (materials 0003) and ensured again by the demo, so it exists on every
installation. Uses whichever model registry it is given (historical models in a migration).
"""

from core.roles import NATIONAL_EDITORS

WORKFLOW_NAME = "Kansallinen hyväksyntä (National approval)"
TASK_NAME = "Kaikukeskuksen hyväksyntä (National office approval)"


def ensure_brochure_workflow(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    editors, _ = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=task_ct)
    task.groups.add(editors)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )

    brochure_ct, _ = ContentType.objects.get_or_create(app_label="materials", model="brochure")
    WorkflowContentType.objects.update_or_create(
        content_type=brochure_ct, defaults={"workflow": workflow}
    )
    return workflow
