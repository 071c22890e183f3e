"""French formats of amounts and shares: « 229,51 M€ », « 540 000 € », « 1,2 % ».

Separators follow the French typographic rules: a comma for decimals, a narrow no-break
space (U+202F) between thousands, a no-break space (U+00A0) before the unit.
"""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
NNBSP = "\u202f"


def _group(digits: str) -> str:
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return NNBSP.join(groups) or "0"


def millions(amount: Decimal) -> str:
    """Euros as millions with two decimals: ``Decimal("229510000") → "229,51 M€"``."""
    value = (Decimal(amount) / Decimal(1_000_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _dot, cents = f"{abs(value):.2f}".partition(".")
    return f"{sign}{_group(whole)},{cents}{NBSP}M€"


def euros(amount: Decimal) -> str:
    """Whole euros: ``Decimal("540000.00") → "540 000 €"`` (rounded to the euro)."""
    value = Decimal(amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}{_group(str(abs(value)))}{NBSP}€"


def percent(part: Decimal, whole: Decimal) -> str:
    """``part`` as a share of ``whole`` with one decimal: « 2,5 % »; « – » when ``whole`` is 0."""
    if not whole:
        return "–"
    value = (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}".replace(".", ",") + f"{NBSP}%"
