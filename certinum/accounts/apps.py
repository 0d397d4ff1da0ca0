from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "certinum.accounts"
    label = "accounts"
