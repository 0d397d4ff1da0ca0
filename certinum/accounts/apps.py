from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "certinum.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from certinum.accounts.throttle import count_failed_login

        user_login_failed.connect(count_failed_login, dispatch_uid="certinum-login-ip")
