"""The importer on documents nobody curated before: precision and recall against targets.

Six documents were written while the rules were; two (survey-en-bullets, event-ru-roundtable)
after, and run once before any change (docs/benchmarks.md has both results).

Targets (issue 16): at least 95% of the percentages found with the right value and sentence, at
most 5% false figures, at least 90% of the people with the right role and order. Run with -s to
see the table (docs/benchmarks.md, "Importing documents", records it).
"""

from .measure import expected_documents, measure


def test_precision_and_recall_on_own_documents(documents):
    scores = [measure(source, expected) for source, expected in expected_documents()]
    assert len(scores) == 8
    for score in scores:
        print(score.line())
        for problem in score.wrong:
            print("    ", problem)
    expected = sum(s.figures_expected for s in scores)
    found = sum(s.figures_found for s in scores)
    right = sum(s.figures_right for s in scores)
    people = sum(s.people_expected for s in scores)
    people_right = sum(s.people_right for s in scores)
    print(
        f"figures: recall {right / expected:.1%} ({right}/{expected}), false "
        f"{(found - right) / found:.1%} ({found - right}/{found}); people right "
        f"{people_right / people:.1%} ({people_right}/{people})"
    )
    assert right / expected >= 0.95
    assert (found - right) / found <= 0.05
    assert people_right / people >= 0.90


def test_every_fact_of_the_expected_answers(documents):
    wrong = {
        source.name: [w for w in measure(source, expected).wrong if w.startswith("fact")]
        for source, expected in expected_documents()
    }
    assert wrong == {source.name: [] for source, _ in expected_documents()}
