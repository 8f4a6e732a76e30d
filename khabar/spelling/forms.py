from django import forms
from django.utils.translation import gettext_lazy as _


class GroupAddForm(forms.Form):
    spellings = forms.CharField(
        label=_("التهجئات"),
        max_length=500,
        help_text=_("كلمات مفصولة بمسافات أو فواصل، الأكثر استعمالاً أولاً."),
        widget=forms.TextInput(attrs={"dir": "rtl"}),
    )
    display = forms.CharField(
        label=_("كيف تُكتب في «هل تقصد»"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl"}),
    )

    def spelling_list(self) -> list[str]:
        raw = self.cleaned_data["spellings"].replace("،", " ").replace(",", " ")
        return raw.split()
