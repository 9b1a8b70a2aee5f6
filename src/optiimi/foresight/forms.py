from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statistics file"),
        help_text=_("JSON-stat 2.0 (.json), PX (.px) or long-format CSV (.csv)"),
    )
    table = forms.CharField(
        label=_("Table id"),
        required=False,
        help_text=_("Only when the file does not name its table"),
    )
