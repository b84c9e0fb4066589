"""``{% handout_batches %}``: the admin front page's notice of the therapist's background prints
(templates/admin/index.html), so the front page needs no change to the admin site's view."""

from django import template

from planner.selectors.print_batches import front_page_batches

register = template.Library()


@register.inclusion_tag("admin/planner/handout_batches.html", takes_context=True)
def handout_batches(context):
    return {"batches": front_page_batches(context["request"].user)}
