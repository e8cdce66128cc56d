"""Small Russian wording helpers for the texts the analyses produce (reasons, findings)."""


def _number(n: float) -> str:
    return f"{n:g}".replace(".", ",")


def years_genitive(n: float) -> str:
    """After «не менее», «от»: «1 года», «5 лет», «21 года», «2,5 года»."""
    if n != int(n):
        return f"{_number(n)} года"
    k = int(n)
    return f"{k} года" if k % 10 == 1 and k % 100 != 11 else f"{k} лет"


def years_nominative(n: float) -> str:
    """After «стаж»: «1 год», «3 года», «12 лет», «7,5 года»."""
    if n != int(n):
        return f"{_number(n)} года"
    k = int(n)
    if k % 10 == 1 and k % 100 != 11:
        return f"{k} год"
    if 2 <= k % 10 <= 4 and not 12 <= k % 100 <= 14:
        return f"{k} года"
    return f"{k} лет"


def percent(share: float) -> str:
    """«30,5 %» — a share 0..1 as Russian documents print it."""
    return f"{share * 100:.1f}".replace(".", ",") + " %"
