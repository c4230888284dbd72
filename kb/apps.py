from django.apps import AppConfig


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "Knowledge base"

    def ready(self):
        from kb.history import register_models
        from kb.pagecache import connect_signals

        connect_signals()
        register_models()
