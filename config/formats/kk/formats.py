# Kazakh number and date formats (Django ships Kazakh translations but no formats): a decimal
# comma and a non-breaking space between thousands, as in Russian; dates year first.
DATE_FORMAT = "Y жылғы j E"
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
