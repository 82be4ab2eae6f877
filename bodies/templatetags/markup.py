"""``{{ text|markdown }}``: the safe Markdown subset of :mod:`bodies.markup`."""

from django import template
from django.utils.safestring import SafeString

from bodies import markup

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return markup.render(text)
