"""The workflow every show's draft goes through (issue 21.1): one ShowApprovalTask, which the
coordinators of the show's own region approve (shows.models.ShowApprovalTask).

Created by a data migration (shows 0004) and ensured again by the demo and by every partner
invitation, so it exists on every installation. Uses whichever model registry it is given
(historical models in a migration). Named in Finnish and Swedish, the admin's two languages, as
the other workflows are (materials/workflows.py).
"""

from materials.workflows import assign_workflow

WORKFLOW_NAME = "Esitysten hyväksyntä / Godkännande av föreställningar"
TASK_NAME = "Esityksen alueen koordinaattorit / Föreställningens regionkoordinatorer"


def ensure_show_workflow(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ShowApprovalTask = apps.get_model("shows", "ShowApprovalTask")

    task_ct, _ = ContentType.objects.get_or_create(app_label="shows", model="showapprovaltask")
    task = ShowApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ShowApprovalTask.objects.create(name=TASK_NAME, active=True, content_type=task_ct)
    return assign_workflow(apps, WORKFLOW_NAME, task, "shows", "show")
