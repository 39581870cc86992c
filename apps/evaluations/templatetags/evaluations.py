"""``{% evaluation_todo %}``: what waits for an evaluator (their home page).

The bureau's approval queue is on the evaluations page, keeping the bureau's home within its
query budget.
"""

from django import template

from ..permissions import is_evaluator
from ..selectors import evaluator_todo

register = template.Library()


@register.inclusion_tag("evaluations/_todo.html", takes_context=True)
def evaluation_todo(context):
    user = context["request"].user
    evaluator = is_evaluator(user)
    return {"todo": evaluator_todo(user=user) if evaluator else [], "evaluator": evaluator}
