"""``{% evaluation_todo %}``: what waits for the person in the evaluation flow (home pages)."""

from django import template

from apps.accounts.gates import scope_for

from ..permissions import is_evaluator
from ..selectors import approval_queue, evaluator_todo

register = template.Library()


@register.inclusion_tag("evaluations/_todo.html", takes_context=True)
def evaluation_todo(context):
    user = context["request"].user
    return {
        "todo": evaluator_todo(user=user) if is_evaluator(user) else [],
        "queue": approval_queue() if scope_for(user).can_administer else [],
        "evaluator": is_evaluator(user),
    }
