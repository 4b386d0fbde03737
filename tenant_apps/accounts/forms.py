from django import forms


class LoginForm(forms.Form):
    email = forms.EmailField(max_length=254)
    password = forms.CharField(widget=forms.PasswordInput, max_length=128)


class SignUpForm(forms.Form):
    full_name = forms.CharField(max_length=150, required=False, label="Full name")
    email = forms.EmailField(max_length=254)
    password = forms.CharField(widget=forms.PasswordInput, max_length=128)


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(max_length=254)


class SetPasswordForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, max_length=128, label="New password")
    password_again = forms.CharField(widget=forms.PasswordInput, max_length=128,
                                     label="New password again")

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        return data


def add_account_error(form: forms.Form, error) -> None:  # type: ignore[no-untyped-def]
    """Show an AccountError on the field it names, or on the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.detail)
