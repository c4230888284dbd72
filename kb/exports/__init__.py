"""Open formats: CSV, iCalendar, feeds, sitemap, robots.txt, citations and schema.org JSON-LD.

Every output here shows only what a public page may show: published records, people through
`Person.objects.public()`, and a person's bio, photo and affiliations only when their flags allow.
"""
