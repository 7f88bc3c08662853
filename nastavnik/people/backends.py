from django.contrib.auth.backends import ModelBackend

from nastavnik.people.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the login or with the e-mail of the account (people remember their e-mail)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            user = User.objects.filter(email__iexact=username.strip()).order_by("pk").first()
            if user is not None:
                username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)
