"""Doubts about shares that staff should see but may keep (errors: check_result_shares)."""

from decimal import Decimal

from kb.enums import FigureQualifier

# A complete topline adds up to 100 give or take rounding; this much short means an option is
# probably missing (or the topline is not complete after all).
SHORTFALL = Decimal("5")


def topline_warnings(*, complete: bool, shares) -> list[str]:
    """`shares` as for check_result_shares: (label, percent, qualifier, is_net, net_label)."""
    if not complete:
        return []
    nets_with_parts = {net for *_, net in shares if net}
    total = sum(
        (
            percent
            for label, percent, qualifier, is_net, _net in shares
            if percent is not None
            and qualifier == FigureQualifier.EXACT
            and not (is_net and label in nets_with_parts)
        ),
        Decimal("0"),
    )
    if total >= 100 - SHORTFALL:
        return []
    return [
        f"The options of this complete topline add up to {total}%, far under 100%. "
        "Is an option missing? If the source gives only some options, untick “complete topline”."
    ]
