"""The shared form-fields template ties every error and hint to its input for screen readers."""

from datetime import date

from django import forms
from django.template.loader import render_to_string

from nastavnik.programs.forms import ConsentForm


class _Sample(forms.Form):
    name = forms.CharField(label="Название", help_text="Как в уставе", min_length=5)
    kinds = forms.MultipleChoiceField(
        label="Виды", choices=[("a", "А"), ("b", "Б")], widget=forms.CheckboxSelectMultiple
    )


def test_it_points_each_field_at_its_one_error_block():
    form = _Sample(data={"name": "abc"})
    html = render_to_string("programs/_form_fields.html", {"form": form})
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert html.count('id="id_name_error"') == 1
    # a group of checkboxes is described by its error too
    assert 'aria-describedby="id_kinds_error"' in html and html.count('id="id_kinds_error"') == 1


def test_a_date_field_shows_its_value_in_the_format_the_browser_reads():
    html = str(ConsentForm.base_fields["given_on"].widget.render("given_on", date(2020, 9, 1)))
    assert 'value="2020-09-01"' in html
