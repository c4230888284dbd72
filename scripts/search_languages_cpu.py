"""CPU per search results page in English, Russian and Kazakh, measured in the same rounds.

    DJANGO_DEBUG=1 .venv/bin/python scripts/search_languages_cpu.py [--rounds 30] [q ...]

On the configured database and index (`make setup` first), DEBUG and the page cache off. Each
round requests every query on /search/, /ru/search/ and /kk/search/ in turn, so a busy
machine slows all three alike; the figure is the process's CPU time (time.process_time).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["torture", "trust", "January events", "human rights", "Zhovtis"]
PREFIXES = ("", "/ru", "/kk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client, override_settings

    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], KENES_PAGE_CACHE_SECONDS=0):
        client = Client()
        cpu: dict[str, list[float]] = {prefix: [] for prefix in PREFIXES}
        for q in args.queries:  # warm up: the index opened, the templates compiled
            for prefix in PREFIXES:
                client.get(f"{prefix}/search/", {"q": q})
        for _ in range(args.rounds):
            for q in args.queries:
                for prefix in PREFIXES:
                    start = time.process_time()
                    response = client.get(f"{prefix}/search/", {"q": q})
                    cpu[prefix].append(time.process_time() - start)
                    assert response.status_code == 200, (prefix, q)
    for prefix, values in cpu.items():
        print(
            f"{prefix}/search/: CPU median {statistics.median(values) * 1000:.2f} ms, "
            f"mean {statistics.mean(values) * 1000:.2f} ms ({len(values)} requests)"
        )


if __name__ == "__main__":
    main()
