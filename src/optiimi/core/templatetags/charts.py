from typing import Any

from django import template
from django.template.loader import render_to_string

from optiimi.core.charts import Chart

register = template.Library()


@register.simple_tag(takes_context=True)
def chart(context: dict[str, Any], chart: Chart) -> str:
    """{% chart some_chart %}: the figure, its Vega-Lite spec and the table fallback."""
    return render_to_string(
        "core/_chart.html",
        {"chart": chart, "spec_id": f"{chart.id}-spec"},
        request=context.get("request"),
    )


@register.inclusion_tag("core/_chart_scripts.html")
def chart_scripts() -> dict[str, Any]:
    """Once per page that has charts, at the end of the content block."""
    return {}
