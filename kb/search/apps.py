from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kb.search"
    label = "kb_search"
    verbose_name = "Search"
