# ruff: noqa: E501  (Django's msgids, which must match to the character, stay on one line each)
"""The admin scripts' strings (Django 5.2's calendar, clock and selector widgets) that its
Kazakh catalogue leaves untranslated; ours (locale/*/LC_MESSAGES/djangojs.po, which Django's
JavaScript catalogue reads after its own) fill them, so staff who choose Kazakh see month and
day names and the selectors in Kazakh. Never imported: `manage.py update_catalogues` reads the
file with its own keywords (kb/catalogues.py, JS_KEYWORDS), which keep these strings out of
the "django" domain. The Russian entries repeat Django's own.
"""


def js_gettext(message: str) -> str:
    return message


def js_ngettext(singular: str, plural: str) -> str:
    return singular


def js_pgettext(context: str, message: str) -> str:
    return message


DJANGO_ADMIN_SCRIPT_STRINGS = (
    js_gettext('Choose %s by selecting them and then select the "Choose" arrow button.'),
    js_gettext("Type into this box to filter down the list of available %s."),
    js_gettext("Choose all %s"),
    js_gettext("Choose selected %s"),
    js_gettext("Remove selected %s"),
    js_gettext("Chosen %s"),
    js_gettext('Remove %s by selecting them and then select the "Remove" arrow button.'),
    js_gettext("Type into this box to filter down the list of selected %s."),
    js_gettext("(click to clear)"),
    js_gettext("Remove all %s"),
    js_ngettext("%s selected option not visible", "%s selected options not visible"),
    js_gettext(
        "You have selected an action, but you haven’t saved your changes to individual fields yet. Please click OK to save. You’ll need to re-run the action."
    ),
    js_gettext(
        "You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Go button rather than the Save button."
    ),
    js_gettext("6 p.m."),
    js_ngettext(
        "Note: You are %s hour ahead of server time.",
        "Note: You are %s hours ahead of server time.",
    ),
    js_ngettext(
        "Note: You are %s hour behind server time.", "Note: You are %s hours behind server time."
    ),
    js_gettext("Choose a Time"),
    js_gettext("Choose a Date"),
    js_gettext("January"),
    js_gettext("February"),
    js_gettext("March"),
    js_gettext("April"),
    js_gettext("May"),
    js_gettext("June"),
    js_gettext("July"),
    js_gettext("August"),
    js_gettext("September"),
    js_gettext("October"),
    js_gettext("November"),
    js_gettext("December"),
    js_pgettext("abbrev. month January", "Jan"),
    js_pgettext("abbrev. month February", "Feb"),
    js_pgettext("abbrev. month March", "Mar"),
    js_pgettext("abbrev. month April", "Apr"),
    js_pgettext("abbrev. month May", "May"),
    js_pgettext("abbrev. month June", "Jun"),
    js_pgettext("abbrev. month July", "Jul"),
    js_pgettext("abbrev. month August", "Aug"),
    js_pgettext("abbrev. month September", "Sep"),
    js_pgettext("abbrev. month October", "Oct"),
    js_pgettext("abbrev. month November", "Nov"),
    js_pgettext("abbrev. month December", "Dec"),
    js_gettext("Sunday"),
    js_gettext("Monday"),
    js_gettext("Tuesday"),
    js_gettext("Wednesday"),
    js_gettext("Thursday"),
    js_gettext("Friday"),
    js_gettext("Saturday"),
    js_pgettext("abbrev. day Sunday", "Sun"),
    js_pgettext("abbrev. day Monday", "Mon"),
    js_pgettext("abbrev. day Tuesday", "Tue"),
    js_pgettext("abbrev. day Wednesday", "Wed"),
    js_pgettext("abbrev. day Thursday", "Thur"),
    js_pgettext("abbrev. day Friday", "Fri"),
    js_pgettext("abbrev. day Saturday", "Sat"),
    js_pgettext("one letter Sunday", "S"),
    js_pgettext("one letter Monday", "M"),
    js_pgettext("one letter Tuesday", "T"),
    js_pgettext("one letter Wednesday", "W"),
    js_pgettext("one letter Thursday", "T"),
    js_pgettext("one letter Friday", "F"),
    js_pgettext("one letter Saturday", "S"),
)
