"""CPU time of a whole index rebuild on a corpus whose records have Russian and Kazakh versions.

    .venv/bin/python scripts/rebuild_cpu.py --workdir /tmp/rebuild [--scale 0.1] [--rounds 2]
    .venv/bin/python scripts/rebuild_cpu.py --workdir /tmp/rebuild --profile 25
    .venv/bin/python scripts/rebuild_cpu.py --workdir /tmp/rebuild --digests before.txt
    .venv/bin/python scripts/rebuild_cpu.py --workdir /tmp/rebuild --english-only
    .venv/bin/python scripts/rebuild_cpu.py --workdir /tmp/lt --scale 1 --untranslated

The first run prepares the work folder (SQLite, Whoosh index inside it): migrations, the load
test's synthetic corpus (bench.synthetic; --scale of scripts/loadtest.py's sizes), the
documents' fixtures, then a Russian version of two records in three and a Kazakh one of every
third (the English text in Cyrillic letters, Kazakh with its own letters), so each builder has
translated columns to read (--untranslated: none added, the load test's corpus as it is).

Then it times `index_rebuild` (what `manage.py rebuild_index` runs) in CPU seconds of this
process (time.process_time: a busy machine slows the wall clock, not this); or profiles one
rebuild (--profile N: cProfile's top N by cumulative time); or writes every document's digest
(kb.search.backends.base.digest: all it indexes and stores, its versions included) by key, to
compare two revisions' documents byte for byte (diff the files). --english-only times the
rebuild without the Russian and Kazakh versions (add_languages made a no-op): the
single-language reference.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from loadtest import CORPUS  # noqa: E402

LATIN = "abcdefghijklmnopqrstuvwxyz"
RUSSIAN = "абцдефгхийклмнопкрстуввхыз"
KAZAKH = "абцдефғһіжқлмңөпқрстұвүхыз"


def environment(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KENES_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",  # DEBUG would keep every query in memory
        KENES_ALLOW_INSECURE_KEY="1",
        KENES_VAR_DIR=str(workdir),
        KENES_INDEX_DIR=str(workdir / "whoosh"),
        KENES_SEARCH_BACKEND="whoosh",
        KENES_INDEX_AUTO_REBUILD="0",  # no background rebuild beside the one timed
        DATABASE_URL=f"sqlite:///{workdir / 'kenes.sqlite3'}",
    )
    return env


def translate(records, fields, letters: str, code: str) -> int:
    table = str.maketrans(LATIN + LATIN.upper(), letters + letters.upper())
    for record in records:
        for name in fields:
            setattr(
                record, f"{name}_{code}", (getattr(record, f"{name}_en") or "").translate(table)
            )
    records.model.objects.bulk_update(
        list(records), [f"{name}_{code}" for name in fields], batch_size=500
    )
    return len(records)


def prepare(scale: float, *, translated: bool) -> None:
    from django.core.management import call_command

    from bench.synthetic import build_corpus
    from kb.translation import TRANSLATED_FIELDS

    call_command("migrate", verbosity=0)
    print(build_corpus(**{k: max(1, int(v * scale)) for k, v in CORPUS.items()}), flush=True)
    call_command("load_documents", verbosity=0)
    for model, fields in TRANSLATED_FIELDS.items() if translated else ():
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        ru = translate(
            model.objects.filter(pk__in=[i for i in ids if i % 3]), fields, RUSSIAN, "ru"
        )
        kk = translate(model.objects.filter(pk__in=ids[::3]), fields, KAZAKH, "kk")
        print(f"  {model.__name__}: {ru} in Russian, {kk} in Kazakh", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--digests", type=Path)
    parser.add_argument(
        "--untranslated",
        action="store_true",
        help="prepare the load test's corpus as it is: no Russian or Kazakh versions added",
    )
    parser.add_argument(
        "--english-only",
        action="store_true",
        help="the reference: documents without their Russian and Kazakh versions",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child:
        args.workdir.mkdir(parents=True, exist_ok=True)
        # A process of its own, so the settings read this work folder's environment.
        command = [sys.executable, __file__, "--child", *sys.argv[1:]]
        sys.exit(subprocess.run(command, env=environment(args.workdir), cwd=ROOT).returncode)  # noqa: S603
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from kb.search.backends import get_backend
    from kb.search.maintenance import index_rebuild

    if args.english_only:
        from kb.search import localized

        localized.add_languages = lambda *args: None
    if not (args.workdir / "prepared").exists():
        prepare(args.scale, translated=not args.untranslated)
        (args.workdir / "prepared").touch()
    if args.digests:
        from django.conf import settings
        from django.utils import translation

        from kb.search.backends.base import digest
        from kb.search.documents import all_docs

        with translation.override(settings.LANGUAGE_CODE):
            lines = sorted(f"{doc.key} {digest(doc)}\n" for doc in all_docs())
        args.digests.write_text("".join(lines))
        print(f"{len(lines)} documents' digests in {args.digests}")
        return
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile(time.process_time)
        profile.runcall(index_rebuild, backend=get_backend())
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
        return
    for _ in range(args.rounds):
        started = time.process_time()
        counts = index_rebuild(backend=get_backend())
        cpu = time.process_time() - started
        print(f"{sum(counts.values())} records indexed in {cpu:.1f} CPU s", flush=True)


if __name__ == "__main__":
    main()
